import Foundation
import MetaLesson

/// What running one lesson unattended came to.
public struct LessonRunSummary: Sendable, Equatable {
    /// The lesson's slug (or the reference, when it could not be opened).
    public let lesson: String
    /// Whether every step ran (failed `expect` lines aside, in check mode).
    public let completed: Bool
    /// `expect` lines that held.
    public let passed: Int
    /// `expect` lines that failed or were never reached, plus a failing command.
    public let failed: Int
    /// The report written, if one was asked for.
    public let reportPath: String?
}

extension Session {
    /// Runs a whole lesson from a fresh state: prose rendered, each command echoed and run,
    /// figures into `outputFolder/<lesson>/`. With `report`, also writes `report.md` there: the
    /// lesson as it ran. With `continueAfterFailedChecks`, a failed `expect` does not stop it.
    public func runLesson(_ reference: String, report: Bool = false, continueAfterFailedChecks: Bool = false) -> LessonRunSummary {
        reset()
        let console = context.console
        let lesson: Lesson
        do {
            lesson = try context.library.lesson(reference)
            try LessonCommands.open(reference, in: &context)
            try OutputFolder.prepare(folder: context.state.settings.outputFolder)
        } catch {
            console.error(ErrorText.message(for: error))
            return LessonRunSummary(lesson: reference, completed: false, passed: 0, failed: 1, reportPath: nil)
        }
        let writer = report ? ReportWriter(lesson: lesson, folder: context.state.settings.outputFolder) : nil
        var failure: LineOutcome?
        var commandFailed = false
        for index in lesson.steps.indices {
            let failedBefore = context.state.checks.failed
            let outcome = runStep(index, continueAfterFailedChecks: continueAfterFailedChecks) { command, lines, files in
                writer?.record(step: index, command: command, output: lines, files: files)
            }
            if case .ok = outcome { continue }
            failure = outcome
            if case .failed = outcome {
                commandFailed = continueAfterFailedChecks || context.state.checks.failed == failedBefore
            }
            writer?.stopped(at: index)
            break
        }
        var reportPath: String?
        if let writer {
            do {
                let path = try writer.write()
                context.wrote(path, what: "the report")
                reportPath = path
            } catch {
                console.error(ErrorText.message(for: error))
            }
        }
        let checks = context.state.checks
        let expects = lesson.commands.filter { Self.isExpect($0.text) }.count
        let unreached = max(0, expects - checks.passed - checks.failed)
        return LessonRunSummary(lesson: lesson.slug, completed: failure == nil, passed: checks.passed,
                                failed: checks.failed + unreached + (commandFailed ? 1 : 0), reportPath: reportPath)
    }

    /// Runs lessons (all in the lessons folder when `references` is empty) and their `expect`
    /// lines, quietly: only errors, one line per lesson and the final `N passed, M failed`.
    public func checkLessons(_ references: [String]) -> (passed: Int, failed: Int) {
        let console = context.console
        var names = references
        if names.isEmpty {
            do { names = try context.library.files() } catch {
                console.error(ErrorText.message(for: error))
                console.line("0 passed, 1 failed")
                return (0, 1)
            }
        }
        var passed = 0, failed = 0
        for name in names {
            console.muted = true
            let summary = runLesson(name, continueAfterFailedChecks: true)
            console.muted = false
            passed += summary.passed
            failed += summary.failed
            let mark = summary.failed == 0 ? "✓" : "✗"
            console.line("\(mark) \(summary.lesson): \(summary.passed) passed, \(summary.failed) failed\(summary.completed ? "" : " (stopped early)")")
        }
        console.line("\(passed) passed, \(failed) failed")
        return (passed, failed)
    }

    /// Back to a fresh state (settings from the options, no results, no lesson).
    func reset() {
        context.state = SessionState(settings: SessionSettings(outputFolder: context.options.outputFolder))
        context.console.width = context.options.width
    }

    static func isExpect(_ line: String) -> Bool {
        line.split(whereSeparator: \.isWhitespace).first == "expect"
    }
}

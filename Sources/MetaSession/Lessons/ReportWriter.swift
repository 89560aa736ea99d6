import Foundation
import MetaFiles
import MetaLesson

/// Writes `report.md`: the lesson as it ran — its prose and formulas as written, each
/// command with its output, and the figures it wrote, linked.
final class ReportWriter {
    private let lesson: Lesson
    private let folder: String
    /// Per step, per command line: the output lines and files.
    private var runs: [Int: [Int: (output: [String], files: [String])]] = [:]
    private var stoppedStep: Int?

    init(lesson: Lesson, folder: String) {
        self.lesson = lesson
        self.folder = folder
    }

    /// Notes what one command printed and wrote.
    func record(step: Int, command: LessonCommand, output: [String], files: [String]) {
        runs[step, default: [:]][command.line] = (output, files)
    }

    /// Notes that the lesson stopped during `step`.
    func stopped(at step: Int) { stoppedStep = step }

    /// Writes the report and returns its path.
    func write() throws -> String {
        let path = (folder as NSString).appendingPathComponent("report.md")
        var parts = ["# " + lesson.title] + lesson.intro.map(Self.markdown)
        for (index, step) in lesson.steps.enumerated() {
            parts.append("## " + step.heading)
            for block in step.blocks {
                guard case let .commands(commands) = block.content else {
                    parts.append(Self.markdown(block))
                    continue
                }
                parts += ran(commands, step: index)
            }
            if index == stoppedStep { parts.append("*The lesson stopped here.*") }
        }
        let text = parts.joined(separator: "\n\n") + "\n"
        do { try AtomicFile.write(Array(text.utf8), to: path) } catch {
            throw SessionError.notWritable(folder: folder, reason: "report.md cannot be written: \(error.reason)")
        }
        return path
    }

    /// A command block as it ran: a console transcript, then the figures.
    private func ran(_ commands: [LessonCommand], step: Int) -> [String] {
        var transcript: [String] = [], figures: [String] = []
        for command in commands {
            transcript.append("metalab> " + command.text)
            guard let run = runs[step]?[command.line] else {
                transcript.append("(not run)")
                continue
            }
            transcript += run.output
            figures += run.files.filter { $0.hasSuffix(".png") }
        }
        let fence = transcript.contains { $0.contains("```") } ? "~~~~" : "```"
        return [fence + "text\n" + transcript.joined(separator: "\n") + "\n" + fence]
            + figures.map { "![\(($0 as NSString).lastPathComponent)](\(relative($0)))" }
    }

    private func relative(_ path: String) -> String {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// A block back in Markdown, as it was written.
    static func markdown(_ block: LessonBlock) -> String {
        switch block.content {
        case let .paragraph(text): return text
        case let .heading(level, text): return String(repeating: "#", count: max(3, level)) + " " + text
        case let .list(items):
            var counters: [Int: Int] = [:]
            return items.map { item in
                counters[item.level, default: 0] += 1
                for deeper in counters.keys where deeper > item.level { counters[deeper] = 0 }
                let marker = item.ordered ? "\(counters[item.level]!)." : "-"
                return String(repeating: "  ", count: item.level) + marker + " " + item.text
            }.joined(separator: "\n")
        case let .formula(source): return "$$" + source + "$$"
        case let .code(language, text): return "```" + (language ?? "") + "\n" + text + "\n```"
        case let .commands(commands): return "```metalab\n" + commands.map(\.text).joined(separator: "\n") + "\n```"
        }
    }
}

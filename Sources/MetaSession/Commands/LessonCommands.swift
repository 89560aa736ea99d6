import Foundation
import MetaLesson

/// Lesson navigation: `lessons`, `open`, `next`, `back`, `restart`, `where`.
enum LessonCommands {
    /// `open LESSON`.
    static func open(_ lesson: String, _ context: inout SessionContext) throws {
        try refuseInsideLesson(context)
        try open(lesson, in: &context)
        showNext(context)
    }

    /// `next`: the session runs the open lesson's next step after this command.
    static func next(_ context: inout SessionContext) throws {
        try refuseInsideLesson(context)
        _ = try cursor(context)
        context.state.runNextStep = true
    }

    /// `back` (one step) and `restart` (to the first step): where the open lesson goes on from.
    static func rewind(_ context: inout SessionContext, toStart: Bool) throws {
        try refuseInsideLesson(context)
        var cursor = try cursor(context)
        cursor.done = toStart ? 0 : max(0, cursor.done - 1)
        context.state.lesson = cursor
        showNext(context)
    }

    /// `where`: the open lesson and step.
    static func whereAt(_ context: SessionContext) throws {
        let cursor = try cursor(context)
        let lesson = cursor.lesson
        context.console.line("\(lesson.slug) · \(lesson.title): \(cursor.done) of \(lesson.steps.count) steps run")
        showNext(context)
    }

    /// Opens a lesson: its title and introduction, its output folder, the first step next.
    static func open(_ reference: String, in context: inout SessionContext) throws {
        let lesson = try context.library.lesson(reference)
        context.state.lesson = LessonCursor(lesson: lesson)
        context.state.settings.outputFolder = (context.options.outputFolder as NSString).appendingPathComponent(lesson.slug)
        let console = context.console
        console.line(LessonRenderer(style: console.style, width: console.width).renderTitle(of: lesson))
    }

    static func list(_ context: inout SessionContext) throws {
        let paths = try context.library.files()
        guard !paths.isEmpty else {
            context.console.line("No lessons in \(context.library.folder).")
            return
        }
        for path in paths {
            let slug = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let marker = context.state.lesson?.lesson.slug == slug ? "▸" : " "
            if let lesson = try? LessonLibrary.read(path: path) {
                context.console.line("\(marker) \(slug.padding(toLength: max(18, slug.count), withPad: " ", startingAt: 0))  \(lesson.title) (\(lesson.steps.count) step\(lesson.steps.count == 1 ? "" : "s"))")
            } else {
                context.console.line("\(marker) \(slug)  (cannot be read: 'open \(slug)' says why)")
            }
        }
    }

    private static func cursor(_ context: SessionContext) throws(SessionError) -> LessonCursor {
        guard let cursor = context.state.lesson else { throw .noLessonOpen }
        return cursor
    }

    private static func refuseInsideLesson(_ context: SessionContext) throws(SessionError) {
        if context.inLesson { throw .unsupported("lesson navigation cannot run inside a lesson step") }
    }

    /// "Press Enter for step 2/4: Heading", or the end of the lesson.
    static func showNext(_ context: SessionContext) {
        guard let cursor = context.state.lesson else { return }
        let console = context.console, steps = cursor.lesson.steps
        let text = cursor.done < steps.count
            ? "Press Enter (or type 'next') for step \(cursor.done + 1)/\(steps.count): \(steps[cursor.done].heading)"
            : "All \(steps.count) steps have run: 'restart' goes back to the first."
        console.line(console.style.apply(.dim, to: text))
    }
}

// libFuzzer target: the lesson Markdown parser, and the terminal rendering of what it parsed
// (inline markup, wrapping, lists, formulas).
import MetaLesson

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let lesson = try? Lesson.parse(text: text, name: "01-fuzz.md") else { return 0 }
    _ = lesson.number
    _ = lesson.shortName
    _ = lesson.commands
    let width = 20 + Int(size % 61)
    let renderer = LessonRenderer(style: size % 2 == 0 ? .plain : .ansi, width: width)
    _ = renderer.renderTitle(of: lesson)
    for (i, step) in lesson.steps.enumerated() {
        _ = renderer.render(step: step, number: i + 1, of: lesson.steps.count)
    }
    return 0
}


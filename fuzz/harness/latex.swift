// libFuzzer target: the LaTeX-to-Unicode renderer, inline and display.
import MetaLesson

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = LaTeX.inline(text)
    _ = LaTeX.display(text)
    return 0
}


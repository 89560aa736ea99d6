import Foundation
import MetaLesson

extension SessionOptions {
    /// Options for this process: styles when stdout is a terminal (and `NO_COLOR` is unset),
    /// the terminal's width, progress bars when stderr is a terminal.
    public static func forTerminal(lessonsFolder: String, outputFolder: String = "out", interactive: Bool) -> SessionOptions {
        let environment = ProcessInfo.processInfo.environment
        let outputIsTerminal = isatty(STDOUT_FILENO) != 0
        var size = winsize()
        let columns = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0
            ? Int(size.ws_col) : Int(environment["COLUMNS"] ?? "") ?? 80
        return SessionOptions(lessonsFolder: lessonsFolder, outputFolder: outputFolder,
                              style: TerminalStyle.detect(environment: environment, isTerminal: outputIsTerminal),
                              width: min(max(columns, 40), 100), interactive: interactive,
                              progress: isatty(STDERR_FILENO) != 0)
    }
}

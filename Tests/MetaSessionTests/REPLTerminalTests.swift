import Testing
import Foundation

/// Drives the real `metalab` binary through a pseudo-terminal, as a person at a keyboard would:
/// the REPL must see a terminal (readline, prompt, completion) and Ctrl-C must arrive as a
/// terminal interrupt, so the binary runs as a session leader with the pty as its terminal.
@Suite(.serialized) struct REPLTerminalTests {
    /// A running `metalab` on a pseudo-terminal, with everything it printed so far.
    final class Terminal {
        let process = Process()
        let master: Int32
        private(set) var screen = ""

        init(environment: [String: String] = [:]) throws {
            // Linux pseudo-terminal pair: /dev/ptmx, unlock (TIOCSPTLCK), then the slave's number (TIOCGPTN).
            master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
            var unlock: Int32 = 0, number: UInt32 = 0
            guard master >= 0, ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
                throw POSIXError(.ENOTTY)
            }
            let name = "/dev/pts/\(number)"
            var size = winsize(ws_row: 40, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
            _ = ioctl(master, UInt(TIOCSWINSZ), &size)
            guard let slave = FileHandle(forUpdatingAtPath: name) else { throw POSIXError(.ENOENT) }
            let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("metalab")
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            process.arguments = ["--ctty", binary.path]
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("metalab-pty-\(getpid())")
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            process.currentDirectoryURL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            var env = ProcessInfo.processInfo.environment
            env["HOME"] = folder.path
            env["TERM"] = "xterm"
            env["NO_COLOR"] = "1"
            for (key, value) in environment { env[key] = value }
            process.environment = env
            process.standardInput = slave
            process.standardOutput = slave
            process.standardError = slave
            try process.run()
            try slave.close()
            _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        }

        /// Sends keystrokes.
        func type(_ text: String) {
            _ = text.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
        }

        /// Reads output until `predicate` holds on the whole screen or `timeout` passes.
        @discardableResult
        func wait(seconds timeout: Double = 30, until predicate: (String) -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while Date() < deadline {
                let count = read(master, &buffer, buffer.count)
                if count > 0 { screen += String(decoding: buffer[0..<count], as: UTF8.self) }
                if predicate(screen) { return true }
                if count <= 0 { usleep(20_000) }
            }
            return predicate(screen)
        }

        /// Text printed after the last occurrence of `marker`.
        func after(_ marker: String) -> String {
            guard let range = screen.range(of: marker, options: .backwards) else { return "" }
            return String(screen[range.upperBound...])
        }

        deinit {
            if process.isRunning { process.terminate() }
            close(master)
        }
    }

    @Test func promptCommandTabEnterAndCtrlC() throws {
        let terminal = try Terminal()
        #expect(terminal.wait { $0.contains("metalab") && $0.contains("> ") }, "no prompt: \(terminal.screen)")

        // A command and its output.
        terminal.type("help\r")
        #expect(terminal.wait { $0.contains("train") && $0.contains("expect") }, "help did not list commands: \(terminal.screen)")

        // Tab completes a command name.
        terminal.type("lesso\t")
        #expect(terminal.wait { $0.contains("lessons") }, "Tab did not complete 'lesso': \(terminal.screen)")
        terminal.type("\r")

        // Enter on an empty line runs the next step of the open lesson.
        terminal.type("open 0\r")
        #expect(terminal.wait { $0.contains("[00-") }, "the prompt does not show the lesson: \(terminal.screen)")
        let before = terminal.screen.count
        terminal.type("\r")
        #expect(terminal.wait { $0.count > before + 40 && $0.hasSuffix("> ") }, "Enter did not run a step: \(terminal.screen)")

        // Ctrl-C during training stops it, keeps the result, and the session lives on.
        terminal.type("train maml dataset=sines iterations=100000 as=long\r")
        #expect(terminal.wait(seconds: 60) { $0.after("as=long").contains("train long") }, "no progress bar: \(terminal.after("as=long"))")
        usleep(1_500_000)  // let it train a little
        terminal.type("\u{03}")
        #expect(terminal.wait(seconds: 30) { $0.after("as=long").contains("stopped (Ctrl-C)") }, "Ctrl-C did not stop training: \(terminal.after("as=long"))")
        terminal.type("results\r")
        #expect(terminal.wait { $0.after("results").contains("long") }, "the interrupted run was not kept: \(terminal.after("results"))")

        // Ctrl-C at the prompt does not end the session; Ctrl-D does.
        terminal.type("\u{03}")
        terminal.type("where\r")
        #expect(terminal.wait { $0.after("where").contains("> ") })
        #expect(terminal.process.isRunning)
        terminal.type("\u{04}")
        #expect(terminal.wait(seconds: 10) { _ in !terminal.process.isRunning })
    }
}

private extension String {
    func after(_ marker: String) -> String {
        guard let range = range(of: marker, options: .backwards) else { return "" }
        return String(self[range.upperBound...])
    }
}

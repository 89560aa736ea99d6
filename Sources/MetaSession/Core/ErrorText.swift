import MetaLesson
import MetaData
import MetaNN
import MetaPlot
import MetaLearn

/// Renders any error a command can raise as one line of text: the one place where typed
/// errors from every module become messages.
enum ErrorText {
    /// The message for `error`.
    static func message(for error: any Error) -> String {
        switch error {
        case let error as CommandError: return error.description
        case let error as SessionError: return error.description
        case let error as DataError: return error.description
        case let error as SafetensorsError: return error.description
        case let error as PNGWriteError: return error.description
        case let error as TrainingError: return error.description
        case let error as LessonError: return error.description
        case let error as CustomStringConvertible: return error.description
        default: return String(describing: error)
        }
    }
}

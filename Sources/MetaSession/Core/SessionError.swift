/// Everything a user can get wrong at run time that is not a malformed line: names that do
/// not exist, requests that do not fit the data, the model or the machine.
enum SessionError: Error, Equatable {
    /// No result of this name.
    case unknownResult(String, suggestion: String?)
    /// The path leads nowhere inside a result; `available` lists what is there.
    case unknownPath(String, available: [String], suggestion: String?)
    /// The path names a group or text, not a number.
    case notANumber(String)
    /// `next`, `back`, … with no lesson open.
    case noLessonOpen
    /// No lesson matches the number, name or path.
    case unknownLesson(String, suggestion: String?)
    /// A lesson file exists but could not be read.
    case unreadableLesson(path: String, reason: String)
    /// The lessons folder does not exist.
    case missingLessonsFolder(String)
    /// The algorithm is part of MetaLab's plan but not in this build.
    case notAvailable(algorithm: String)
    /// The algorithm cannot do this (`lrs` of MAML, `gradcheck reptile`, …).
    case unsupported(String)
    /// The data does not suit the request (classification on sines, …).
    case wrongData(String)
    /// A size is larger than the machine or the data allows.
    case tooLarge(what: String, needs: String, limit: String)
    /// The output folder cannot be written.
    case notWritable(folder: String, reason: String)
    /// A checkpoint that does not fit the current model or algorithm.
    case incompatibleCheckpoint(path: String, reason: String)
    /// A result that diverged; its weights are not saved over a checkpoint.
    case divergedResult(name: String)
    /// A number that could not be read (`expect a >= b` where b is neither).
    case notAValue(String)
}

extension SessionError: CustomStringConvertible {
    /// The message, one line.
    var description: String {
        switch self {
        case let .unknownResult(name, suggestion):
            return "no result named '\(name)'" + didYouMean(suggestion) + " (see 'results')"
        case let .unknownPath(path, available, suggestion):
            let list = available.isEmpty ? "" : "; it has " + available.joined(separator: ", ")
            return "'\(path)' leads nowhere" + didYouMean(suggestion) + list
        case let .notANumber(path):
            return "'\(path)' is not a number (print it to see what it holds)"
        case .noLessonOpen:
            return "no lesson is open: 'lessons' lists them, 'open 1' opens the first"
        case let .unknownLesson(name, suggestion):
            return "no lesson '\(name)'" + didYouMean(suggestion) + " ('lessons' lists them)"
        case let .unreadableLesson(path, reason):
            return "cannot read the lesson \(path): \(reason)"
        case let .missingLessonsFolder(path):
            return "the lessons folder \(path) does not exist"
        case let .notAvailable(algorithm):
            return "\(algorithm) is not in this build of MetaLab yet ('show algorithms' lists what is)"
        case let .unsupported(message), let .wrongData(message):
            return message
        case let .tooLarge(what, needs, limit):
            return "\(what) needs \(needs), more than the limit of \(limit)"
        case let .notWritable(folder, reason):
            return "cannot write to the output folder \(folder): \(reason)"
        case let .incompatibleCheckpoint(path, reason):
            return "\(path) does not fit: \(reason)"
        case let .divergedResult(name):
            return "'\(name)' diverged; its weights are not saved (train it again with a lower learning rate)"
        case let .notAValue(text):
            return "'\(text)' is neither a number nor a result path"
        }
    }

    private func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { " — did you mean '\($0)'?" } ?? ""
    }
}

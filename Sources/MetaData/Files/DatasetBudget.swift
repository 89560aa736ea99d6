import Foundation
import MetaFiles

/// Counts the memory a dataset's decoded images take while they are decoded (on all cores) and
/// stops the load once the total passes the budget, whatever number of files a folder or an
/// archive holds.
final class DatasetBudget: @unchecked Sendable {
    private let source: String
    private let limit: Int
    private var used = 0
    private let lock = NSLock()

    /// A budget of `limit` bytes for the dataset read from `source` (named in the error).
    init(source: String, limit: Int = FileLimits.maxDatasetBytes) {
        self.source = source
        self.limit = limit
    }

    /// Adds an image of `pixels` Float pixels; throws once the total exceeds the budget.
    func charge(pixels: Int) throws(DataError) {
        let bytes = pixels * MemoryLayout<Float>.stride
        lock.lock()
        used += bytes
        let total = used
        lock.unlock()
        guard total <= limit else {
            throw .overBudget(source: source, needed: "at least \(FileLimits.describe(bytes: total)) of decoded images",
                              limit: FileLimits.describe(bytes: limit))
        }
    }
}

/// A zip archive held in memory: the central directory is parsed and checked when the archive
/// is opened; an entry's data is extracted (stored or deflated) on request.
///
/// Every malformed input — truncated, bad offsets or signatures, zip64, encryption, an
/// unsupported method, corrupt deflate data — throws a `ZipError`; nothing traps.
public struct ZipArchive: Sendable {
    /// The archive's files and folders in central-directory order.
    public let entries: [ZipEntry]
    private let bytes: [UInt8]
    private let index: [String: Int]

    /// Parses the end-of-central-directory record and the central directory of `bytes`.
    public init(bytes: [UInt8]) throws(ZipError) {
        let reader = ByteReader(bytes: bytes)
        let end = try EndRecord(reader)
        var entries: [ZipEntry] = []
        entries.reserveCapacity(end.entryCount)
        var offset = end.directoryOffset
        let directoryEnd = end.directoryOffset + end.directorySize
        for number in 0..<end.entryCount {
            let (entry, next) = try Self.centralRecord(reader, at: offset, number: number, limit: directoryEnd)
            entries.append(entry)
            offset = next
        }
        var index: [String: Int] = [:]
        for (position, entry) in entries.enumerated() {
            guard index[entry.name] == nil else { throw ZipError.duplicateName(entry.name) }
            index[entry.name] = position
        }
        // Entries whose data overlap (the "overlapping files" zip bomb, where many entries
        // inflate one small stream) or reach into the central directory are refused, so all
        // entries together can inflate to at most deflate's 1032:1 of the file.
        var previousEnd = 0
        for entry in entries.sorted(by: { $0.localHeaderOffset < $1.localHeaderOffset }) {
            let range = try Self.dataRange(of: entry, in: reader)
            guard entry.localHeaderOffset >= previousEnd, range.upperBound <= end.directoryOffset else {
                throw ZipError.overlappingData(name: entry.name)
            }
            previousEnd = range.upperBound
        }
        self.bytes = bytes
        self.entries = entries
        self.index = index
    }

    /// Reads and parses the zip file at `path`.
    public init(contentsOf path: String) throws {
        let bytes = try readFile(path, purpose: "a zip archive")
        do { try self.init(bytes: bytes) } catch { throw DataError.badArchive(path: path, error) }
    }

    /// The entry called `name`, if any.
    public func entry(named name: String) -> ZipEntry? { index[name].map { entries[$0] } }

    /// The uncompressed contents of the entry called `name`.
    public func contents(named name: String, verifyChecksum: Bool = true) throws(ZipError) -> [UInt8] {
        guard let entry = entry(named: name) else { throw ZipError.noSuchEntry(name) }
        return try contents(of: entry, verifyChecksum: verifyChecksum)
    }

    /// The uncompressed contents of `entry`, optionally checked against its CRC-32.
    public func contents(of entry: ZipEntry, verifyChecksum: Bool = true) throws(ZipError) -> [UInt8] {
        if entry.flags & 1 != 0 { throw ZipError.encrypted(name: entry.name) }
        let range = try dataRange(of: entry)
        let output: [UInt8]
        switch entry.method {
        case 0:
            guard range.count == entry.uncompressedSize else {
                throw ZipError.sizeMismatch(name: entry.name, expected: entry.uncompressedSize, found: range.count)
            }
            output = Array(bytes[range])
        case 8:
            output = try inflateRaw(bytes[range], expectedSize: entry.uncompressedSize, name: entry.name)
        default:
            throw ZipError.unsupportedMethod(name: entry.name, method: entry.method)
        }
        if verifyChecksum {
            let found = crc32Checksum(output)
            guard found == entry.crc32 else { throw ZipError.checksumMismatch(name: entry.name, expected: entry.crc32, found: found) }
        }
        return output
    }

    /// Where the entry's data lies, found through its local header.
    private func dataRange(of entry: ZipEntry) throws(ZipError) -> Range<Int> {
        try Self.dataRange(of: entry, in: ByteReader(bytes: bytes))
    }

    /// Where `entry`'s data lies in the archive `reader` reads, found through its local header.
    private static func dataRange(of entry: ZipEntry, in reader: ByteReader) throws(ZipError) -> Range<Int> {
        let bytes = reader.bytes
        let offset = entry.localHeaderOffset
        guard reader.uint32(at: offset) == 0x0403_4B50,
              let nameLength = reader.uint16(at: offset + 26),
              let extraLength = reader.uint16(at: offset + 28)
        else { throw ZipError.badLocalHeader(name: entry.name, offset: offset) }
        let start = offset + 30 + nameLength + extraLength
        guard start <= bytes.count, entry.compressedSize <= bytes.count - start else {
            throw ZipError.dataOutOfBounds(name: entry.name)
        }
        return start..<start + entry.compressedSize
    }

    /// Parses the central-directory record at `offset`; returns it and where the next begins.
    private static func centralRecord(_ reader: ByteReader, at offset: Int, number: Int, limit: Int) throws(ZipError) -> (ZipEntry, Int) {
        let bad = ZipError.badCentralRecord(index: number, offset: offset)
        guard offset + 46 <= limit, reader.uint32(at: offset) == 0x0201_4B50,
              let flags = reader.uint16(at: offset + 8), let method = reader.uint16(at: offset + 10),
              let crc = reader.uint32(at: offset + 16),
              let compressed = reader.uint32(at: offset + 20), let uncompressed = reader.uint32(at: offset + 24),
              let nameLength = reader.uint16(at: offset + 28), let extraLength = reader.uint16(at: offset + 30),
              let commentLength = reader.uint16(at: offset + 32), let localOffset = reader.uint32(at: offset + 42)
        else { throw bad }
        let next = offset + 46 + nameLength + extraLength + commentLength
        guard next <= limit, let name = reader.string(at: offset + 46, count: nameLength) else { throw bad }
        if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || localOffset == 0xFFFF_FFFF {
            throw ZipError.zip64Unsupported
        }
        let entry = ZipEntry(name: name, method: method, flags: flags, crc32: UInt32(crc),
                             compressedSize: compressed, uncompressedSize: uncompressed, localHeaderOffset: localOffset)
        return (entry, next)
    }
}

/// The end-of-central-directory record: where the central directory is and how many entries
/// it holds.
private struct EndRecord {
    let entryCount: Int
    let directorySize: Int
    let directoryOffset: Int

    init(_ reader: ByteReader) throws(ZipError) {
        let size = reader.bytes.count
        let last = size - 22
        guard last >= 0 else { throw ZipError.noEndRecord(fileSize: size) }
        var position = last
        var found: Int?
        while position >= max(0, last - 0xFFFF) {
            if reader.uint32(at: position) == 0x0605_4B50, let comment = reader.uint16(at: position + 20),
               position + 22 + comment <= size {
                found = position
                break
            }
            position -= 1
        }
        guard let start = found,
              let disk = reader.uint16(at: start + 4), let directoryDisk = reader.uint16(at: start + 6),
              let diskEntries = reader.uint16(at: start + 8), let entries = reader.uint16(at: start + 10),
              let directorySize = reader.uint32(at: start + 12), let directoryOffset = reader.uint32(at: start + 16)
        else { throw ZipError.noEndRecord(fileSize: size) }
        if entries == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF
            || reader.uint32(at: start - 20) == 0x0706_4B50 {
            throw ZipError.zip64Unsupported
        }
        guard disk == 0, directoryDisk == 0, diskEntries == entries else { throw ZipError.multiDiskUnsupported }
        guard directoryOffset + directorySize <= start else {
            throw ZipError.centralDirectoryOutOfBounds(offset: directoryOffset, size: directorySize, fileSize: size)
        }
        entryCount = entries
        self.directorySize = directorySize
        self.directoryOffset = directoryOffset
    }
}

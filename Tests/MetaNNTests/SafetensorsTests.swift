import Foundation
import MetaTensor
import Testing
@testable import MetaNN

/// A file's bytes: the 8-byte little-endian header length, the header, then the data.
private func file(header: String, data: [UInt8] = []) -> [UInt8] {
    let json = Array(header.utf8)
    return withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json + data
}

/// `values` as little-endian Float32 bytes.
private func floatBytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
}

private func temporaryFolder() throws -> String {
    let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("safetensors-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Test func roundTripKeepsOrderShapesValuesAndMetadata() throws {
    var generator = SeededGenerator(seed: 7)
    let tensors: [(name: String, tensor: Tensor)] = [
        ("conv1.weight", Tensor.normal([64, 1, 3, 3], using: &generator)),
        ("conv1.bias", Tensor(shape: [64], scalars: (0..<64).map { Float($0) * -0.5 })),
        ("scalar", Tensor(3.25)),
        ("empty", Tensor(zeros: [0, 5])),
        ("α/θ′", Tensor(shape: [2], scalars: [.infinity, -0.0])),
    ]
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/maml.safetensors"
    try Safetensors(tensors: tensors, metadata: ["algorithm": "MAML", "inner-lr": "0.4", "quote\"d": "line\nbreak"]).save(to: path)
    let loaded = try Safetensors.load(from: path)
    #expect(loaded.tensors.map(\.name) == tensors.map(\.name))
    for ((_, original), (_, copy)) in zip(tensors, loaded.tensors) {
        #expect(copy.shape == original.shape)
        #expect(copy.scalars.map(\.bitPattern) == original.scalars.map(\.bitPattern))
    }
    #expect(loaded.metadata == ["algorithm": "MAML", "inner-lr": "0.4", "quote\"d": "line\nbreak"])
    #expect(loaded["conv1.bias"]?.scalars[3] == -1.5)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["maml.safetensors"])  // no temporary left
}

@Test func tinyFileMatchesTheSpecificationByteForByte() throws {
    let saved = Safetensors(tensors: [("w", Tensor(shape: [2], scalars: [1, -2]))], metadata: ["k": "v"])
    let header = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"__metadata__":{"k":"v"}}"#
    #expect(header.utf8.count == 79)  // padded with a space to 80, a multiple of 8
    let expected: [UInt8] = [80, 0, 0, 0, 0, 0, 0, 0] + Array(header.utf8) + [0x20]
        + [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0]
    let bytes = try saved.encoded()
    #expect(bytes == expected)
    #expect((bytes.count - 8) % 8 == 0)
    let decoded = try Safetensors.decode(expected)
    #expect(decoded.tensors.count == 1 && decoded["w"]?.shape == [2] && decoded["w"]?.scalars == [1, -2])
    #expect(decoded.metadata == ["k": "v"])
}

@Test func decodesFilesWrittenByOtherWriters() throws {
    // Metadata first, tensors listed out of data order, whitespace and escapes in the JSON.
    let header = #"{ "__metadata__" : {"format":"pt"}, "b" : {"dtype":"F32","shape":[1],"data_offsets":[4,8]}, "\u0061" : {"data_offsets":[0,4],"shape":[],"dtype":"F32"} }"#
    let decoded = try Safetensors.decode(file(header: header, data: floatBytes([1, 2])))
    #expect(decoded.tensors.map(\.name) == ["a", "b"])
    #expect(decoded["a"]?.shape == [] && decoded["a"]?.scalars == [1])
    #expect(decoded.metadata == ["format": "pt"])
}

@Test func refusesMalformedFilesWithTheReason() {
    let entry = #""w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#
    let good = file(header: "{\(entry)}", data: floatBytes([1, 2]))
    let cases: [([UInt8], SafetensorsError)] = [
        (Array(good.prefix(5)), .tooShort(size: 5)),
        (Array(good.dropLast(3)), .dataSizeMismatch(covered: 8, actual: 5)),
        (good + [0], .dataSizeMismatch(covered: 8, actual: 9)),
        ([200, 0, 0, 0, 0, 0, 0, 0] + Array(good.dropFirst(8)), .headerTooLong(length: 200, available: good.count - 8)),
        ([0xF0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] + [UInt8](repeating: 0x20, count: 8),
         .headerTooLong(length: 0xFFFF_FFFF_FFFF_FFF0, available: 8)),  // -16 as a signed length
        (file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
              data: floatBytes([1, 2])), .overlappingOffsets(name: "b", begin: 4, previousEnd: 8)),
        (file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#,
              data: floatBytes([1, 2, 3])), .gapInOffsets(name: "b", begin: 8, previousEnd: 4)),
        (file(header: #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: floatBytes([1, 2])),
         .gapInOffsets(name: "w", begin: 4, previousEnd: 0)),
        (file(header: #"{"w":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]),
         .unsupportedDType(name: "w", dtype: "BF16")),
        (file(header: #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: floatBytes([1, 2])),
         .shapeMismatch(name: "w", shape: [3], span: 8)),
        (file(header: #"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#, data: floatBytes([1, 2])),
         .shapeMismatch(name: "w", shape: [4611686018427387904, 4], span: 8)),
        (file(header: #"{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, data: floatBytes([1, 2])),
         .badEntry(name: "w", reason: "\"shape\" must hold non-negative integers")),
        (file(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, data: floatBytes([1, 2])),
         .badEntry(name: "w", reason: "data_offsets [8, 0] run backwards")),
        (file(header: #"{"w":{"dtype":"F32","shape":[2]}}"#, data: floatBytes([1, 2])),
         .badEntry(name: "w", reason: "missing \"data_offsets\"")),
        (file(header: "{\(entry),\(entry)}", data: floatBytes([1, 2])), .duplicateName("w")),
        (file(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]"#, data: floatBytes([1, 2])),
         .badJSON(offset: 52, message: "unexpected end inside an object")),
        (file(header: "[1,2]"), .headerNotObject),
        (file(header: "{} x"), .badJSON(offset: 3, message: "unexpected text after the JSON value")),
        ([8, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0xFF, 0xFE, 0x7D, 0x20, 0x20, 0x20, 0x20], .headerNotUTF8),
        (file(header: #"{"__metadata__":{"k":1}}"#), .badMetadata("value of 'k' is not a string")),
        (file(header: String(repeating: "[", count: 100_000)), .badJSON(offset: 64, message: "nested more than 64 levels deep")),
    ]
    for (bytes, expected) in cases {
        #expect(throws: expected) { try Safetensors.decode(bytes) }
    }
}

@Test func refusesToWriteDuplicateOrReservedNames() {
    let t = Tensor(shape: [1], scalars: [1])
    #expect(throws: SafetensorsError.duplicateName("a")) { try Safetensors(tensors: [("a", t), ("a", t)]).encoded() }
    #expect(throws: SafetensorsError.reservedName) { try Safetensors(tensors: [("__metadata__", t)]).encoded() }
}

@Test func fileErrorsNameTheFile() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let missing = folder + "/none.safetensors"
    do {
        _ = try Safetensors.load(from: missing)
        Issue.record("loading a missing file succeeded")
    } catch {
        #expect(error == .cannotRead(path: missing, reason: "no such file or directory"))
    }
    let broken = folder + "/broken.safetensors"
    FileManager.default.createFile(atPath: broken, contents: Data([1, 2, 3]))
    do {
        _ = try Safetensors.load(from: broken)
        Issue.record("loading a 3-byte file succeeded")
    } catch {
        #expect(error == .inFile(path: broken, .tooShort(size: 3)))
        #expect(error.description == "\(broken) is not a valid safetensors file: only 3 bytes, fewer than the 8-byte header length")
    }
    let checkpoint = Safetensors(tensors: [("w", Tensor(shape: [1], scalars: [1]))])
    #expect(throws: SafetensorsError.cannotWrite(path: folder + "/no/w.safetensors", reason: "the folder \(folder)/no does not exist")) {
        try checkpoint.save(to: folder + "/no/w.safetensors")
    }
}

@Test func failedWriteLeavesTheOldFileIntact() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/model.safetensors"
    try Safetensors(tensors: [("w", Tensor(shape: [1], scalars: [1]))]).save(to: path)
    let before = try #require(FileManager.default.contents(atPath: path))
    #expect(throws: SafetensorsError.self) {
        try Safetensors(tensors: [("w", Tensor(shape: [1], scalars: [2])), ("w", Tensor(shape: [1], scalars: [3]))]).save(to: path)
    }
    #expect(FileManager.default.contents(atPath: path) == before)
    // A write that fails after the data is written (the rename onto a folder in the way) cleans
    // up its temporary file and leaves the folder as it was.
    let blocked = folder + "/blocked.safetensors"
    try FileManager.default.createDirectory(atPath: blocked + "/inside", withIntermediateDirectories: true)
    #expect(throws: SafetensorsError.self) { try Safetensors(tensors: [("w", Tensor(shape: [1], scalars: [2]))]).save(to: blocked) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: blocked) == ["inside"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["blocked.safetensors", "model.safetensors"])
    // Overwriting works and replaces the contents.
    try Safetensors(tensors: [("w", Tensor(shape: [1], scalars: [5]))]).save(to: path)
    #expect(try Safetensors.load(from: path)["w"]?.scalars == [5])
}

@Test func randomBytesNeverCrashTheDecoder() {
    var generator = SeededGenerator(seed: 99)
    let entry = #"{"a":{"dtype":"F32","shape":[2,1],"data_offsets":[0,8]},"__metadata__":{"x":"\u00e9"}}"#
    let seed = file(header: entry, data: floatBytes([1, 2]))
    var decodedSome = 0
    for _ in 0..<3000 {
        var bytes = seed
        for _ in 0..<(1 + Int(generator.next() % 4)) {
            let index = Int(generator.next() % UInt64(bytes.count))
            switch generator.next() % 3 {
            case 0: bytes[index] = UInt8(truncatingIfNeeded: generator.next())
            case 1: bytes.remove(at: index)
            default: bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: index)
            }
        }
        if (try? Safetensors.decode(bytes)) != nil { decodedSome += 1 }
    }
    #expect(decodedSome < 3000)  // mutations are mostly caught, and none crashed
}

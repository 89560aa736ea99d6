// libFuzzer target: the safetensors reader. Whatever decodes must also encode again and decode
// to the same tensors and metadata (bit for bit).
import MetaNN
import MetaTensor

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? Safetensors.decode(bytes) else { return 0 }
    let again: Safetensors
    do { again = try Safetensors.decode(try file.encoded()) } catch {
        fatalError("a decoded file does not round-trip: \(error)")
    }
    precondition(again.metadata == file.metadata, "metadata changed in a round trip")
    precondition(again.tensors.count == file.tensors.count, "tensor count changed in a round trip")
    for (a, b) in zip(file.tensors, again.tensors) {
        precondition(a.name == b.name && a.tensor.shape == b.tensor.shape, "tensor \(a.name) changed in a round trip")
        precondition(a.tensor.scalars.map(\.bitPattern) == b.tensor.scalars.map(\.bitPattern), "data of \(a.name) changed")
    }
    return 0
}

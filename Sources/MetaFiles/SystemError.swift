#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library's text for `code` (an `errno` value), in lower case for use inside a sentence.
public func systemMessage(_ code: Int32) -> String {
    String(cString: strerror(code)).lowercased()
}

/// Whether `code` says the storage is exhausted rather than forbidden.
func isDiskFull(_ code: Int32) -> Bool {
    code == ENOSPC || code == EDQUOT || code == EFBIG
}

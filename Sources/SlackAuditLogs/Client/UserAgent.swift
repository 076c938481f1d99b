#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `User-Agent` header: `[prefix ]slack-audit-logs-swift/<version> Swift/<version> <OS>/<release>[ suffix]`.
enum UserAgent {
    /// This library's version.
    static var libraryVersion: String { PackageVersion.current }

    /// The version of the compiler that built the library.
    static let swiftVersion: String = {
        #if compiler(>=6.4)
        return "6.4"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #else
        return "6"
        #endif
    }()

    /// The operating system's name and release, as `uname` reports them (`Linux/6.1.0`).
    static let operatingSystem: String = {
        var info = utsname()
        guard uname(&info) == 0 else { return "unknown" }
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { bytes in
                String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
        }
        return "\(field(info.sysname))/\(field(info.release))"
    }()

    /// The full header value.
    static func make(prefix: String?, suffix: String?) -> String {
        var parts: [String] = []
        if let prefix = prefix?.trimmingWhitespace(), !prefix.isEmpty { parts.append(prefix) }
        parts.append("slack-audit-logs-swift/\(libraryVersion) Swift/\(swiftVersion) \(operatingSystem)")
        if let suffix = suffix?.trimmingWhitespace(), !suffix.isEmpty { parts.append(suffix) }
        return parts.joined(separator: " ")
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a refusing port could not be made.
public struct RefusingPortError: Error, CustomStringConvertible {
    public let description: String
}

/// Runs `body` with a loopback TCP port that refuses connections for as long as `body` runs.
///
/// The port is held by a socket that is bound but never listens: a connection to it is refused (RST) at once, and
/// no test running in parallel can be given the port meanwhile. (Starting and stopping a server to find a free port
/// races: another test may take it in between.)
public func withRefusingPort<Result>(_ body: (Int) async throws -> Result) async throws -> Result {
    #if canImport(Glibc)
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { throw RefusingPortError(description: "socket() failed, errno \(errno)") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard bound == 0 else { throw RefusingPortError(description: "bind() failed, errno \(errno)") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    guard named == 0 else { throw RefusingPortError(description: "getsockname() failed, errno \(errno)") }
    return try await body(Int(UInt16(bigEndian: address.sin_port)))
}

import Foundation

/// Runs `body` with the path of a new, empty directory under the system's temporary directory, and removes the
/// directory and everything in it afterwards, whether `body` returns or throws.
///
/// - Parameters:
///   - prefix: The start of the directory's name, followed by a UUID, so that parallel tests never share one.
///   - body: The work to do in the directory.
public func withTemporaryDirectory<Result>(
    prefix: String = "slack-audit-logs",
    isolation: isolated (any Actor)? = #isolation,
    _ body: (String) async throws -> Result
) async throws -> Result {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

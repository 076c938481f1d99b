import Foundation

/// Where the tests' helpers failed to find what they need; the message says what and where they looked.
public struct TestSupportFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// The message.
    public var description: String { message }

    /// A failure saying `message`.
    public init(message: String) {
        self.message = message
    }
}

/// The executable product `name` that SwiftPM built next to the test bundle (`slack-audit-logs`,
/// `CollectorCrashHelper`): tests run it as a subprocess.
///
/// It looks in the directory of the running test binary (via `/proc/self/exe` on Linux), of `argv[0]`, and of every
/// loaded bundle, and up to three levels above each, as the layouts of `swift test` and Xcode differ.
///
/// - Throws: ``TestSupportFailure`` listing the directories searched, when none holds an executable `name`.
public func builtExecutable(named name: String) throws -> URL {
    var candidates: [URL] = []
    #if os(Linux)
    if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        candidates.append(URL(fileURLWithPath: executable).deletingLastPathComponent())
    }
    #endif
    candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
    candidates.append(contentsOf: Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() })
    for directory in candidates {
        var current = directory
        for _ in 0..<4 {
            let candidate = current.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            current = current.deletingLastPathComponent()
        }
    }
    throw TestSupportFailure(message: "\(name) was not found next to the test bundle (\(candidates)).")
}

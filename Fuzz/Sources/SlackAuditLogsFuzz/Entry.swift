#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if FUZZING
import CFuzzDriver

/// The target this process fuzzes, from `FUZZ_TARGET`.
let fuzzTarget: String = getenv("FUZZ_TARGET").map { String(cString: $0) } ?? "json"

/// One input, as libFuzzer gives it (libFuzzer's runtime also links this name).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTargets.run(fuzzTarget, bytes)
    return 0
}

/// libFuzzer's own `main` is replaced by the entry point SwiftPM gives every executable, so this one hands the
/// command line to libFuzzer's driver.
@main
struct FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
    }
}
#else
/// Without the fuzzer: `SlackAuditLogsFuzz TARGET FILE…` runs a target over files (a corpus, a finding to replay).
@main
struct Replay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let target = arguments.first, FuzzTargets.names.contains(target) else {
            print("usage: SlackAuditLogsFuzz \(FuzzTargets.names.joined(separator: "|")) FILE…")
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst() {
            guard let file = fopen(path, "rb") else {
                print("cannot read \(path)")
                exit(2)
            }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let read = fread(&buffer, 1, buffer.count, file)
                if read <= 0 { break }
                bytes.append(contentsOf: buffer[0..<read])
            }
            fclose(file)
            FuzzTargets.run(target, bytes)
            count += 1
        }
        print("\(target): \(count) inputs, every invariant held")
    }
}
#endif

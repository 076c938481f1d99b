#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn` with no signal blocked and every signal at its default, its output
/// going to a file, and no other file descriptor of the test process.
///
/// Foundation's `Process` hands the child the signal mask of the thread that launches it; in a test runner that mask
/// can block `SIGTERM`, and rsyslogd then ignores the `SIGTERM` meant to stop it.
public final class SpawnedProcess {
    /// The child's process id.
    public let pid: pid_t
    private var status: Int32?

    /// Starts `path` with `arguments`, standard output and standard error appended to the file `output`, with
    /// `environment` (the test's own when nil).
    public init(_ path: String, arguments: [String], output: String, environment: [String: String]? = nil) throws {
        #if canImport(Glibc)
        var attributes = posix_spawnattr_t()
        var actions = posix_spawn_file_actions_t()
        #else
        var attributes: posix_spawnattr_t?
        var actions: posix_spawn_file_actions_t?
        #endif
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }

        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        // Nothing else of the test process: an inherited socket would keep a connection a test server closed
        // open for as long as the child runs (its peer then waits for an end that never comes).
        // glibc 2.34+ has posix_spawn_file_actions_addclosefrom_np, which its Swift module does not show.
        #if canImport(Glibc)
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else {
            throw TestSupportFailure(message: "this C library has no posix_spawn_file_actions_addclosefrom_np")
        }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        #endif

        let argv = ([path] + arguments).map { strdup($0) }
        defer { for argument in argv { free(argument) } }
        let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } }
        defer { for variable in envp ?? [] { free(variable) } }
        var pid: pid_t = 0
        let spawned: Int32
        if let envp {
            spawned = posix_spawn(&pid, path, &actions, &attributes, argv + [nil], envp + [nil])
        } else {
            spawned = posix_spawn(&pid, path, &actions, &attributes, argv + [nil], environ)
        }
        guard spawned == 0 else {
            throw TestSupportFailure(message: "posix_spawn \(path) failed: \(String(cString: strerror(spawned)))")
        }
        self.pid = pid
    }

    /// The exit status once the child ended (the signal that ended it, negated), nil while it runs. Never blocks.
    public func exitStatus() -> Int32? {
        if let status { return status }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return nil }
        let signal = raw & 0x7F
        status = signal == 0 ? (raw >> 8) & 0xFF : -signal
        return status
    }

    /// Waits, without blocking a thread, until the child ended or `timeout` passed; its exit status, or nil.
    public func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = exitStatus() { return status }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return exitStatus()
    }

    /// Sends `signal` to the child unless it already ended.
    public func send(_ signal: Int32) {
        if exitStatus() == nil { kill(pid, signal) }
    }
}

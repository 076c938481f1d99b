import NIOCore
import NIOPosix
import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogsShipper

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Receivers that hang rather than fail: the sink's timeouts turn them into `.retry` instead of a stuck shipper.
@Suite("Syslog sink timeouts")
struct SyslogSinkTimeoutTests {
    static func isRetry(_ outcome: DeliveryOutcome) -> Bool {
        if case .retry = outcome { true } else { false }
    }

    @Test("a receiver whose accept queue is full never completes the handshake: retried after the connect timeout")
    func connectTimeout() async throws {
        try await withFullListenQueue { port in
            let configuration = SyslogSink.Configuration(
                host: "127.0.0.1",
                port: port,
                hostname: "h",
                connectTimeout: .milliseconds(300)
            )
            let sink = try SyslogSink(configuration: configuration)
            let started = ContinuousClock.now
            let outcomes = try await sink.deliver(SyslogSinkTests.entries(3))
            let elapsed = ContinuousClock.now - started
            #expect(outcomes.count == 3 && outcomes.allSatisfy(Self.isRetry), "\(outcomes)")
            // It waited for the connect timeout; the upper bound is a hang guard, not a speed check.
            #expect(elapsed >= .milliseconds(250) && elapsed < .seconds(60), "\(elapsed)")
            await sink.shutdown()
        }
    }

    @Test("a receiver that accepts but never reads: the batch is retried after the write timeout")
    func writeTimeout() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelOption(.autoRead, value: false)
            .childChannelOption(.socketOption(.so_rcvbuf), value: 4096)
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let port = try #require(server.localAddress?.port)
        let sink = try SyslogSink(
            configuration: SyslogSink.Configuration(
                host: "127.0.0.1",
                port: port,
                hostname: "h",
                writeTimeout: .milliseconds(500)
            )
        )
        // 20 MB: more than the loopback socket buffers hold.
        let filler = String(repeating: "x", count: 2_000)
        let batch = (0..<10_000).map { index in
            ShipmentEntry(
                bytes: ArraySlice(#"{"id":"\#(index)","pad":"\#(filler)"}"#.utf8),
                id: "\(index)",
                dateCreate: 1,
                action: "a"
            )
        }
        let started = ContinuousClock.now
        let outcomes = try await sink.deliver(batch)
        let elapsed = ContinuousClock.now - started
        #expect(outcomes.count == batch.count && outcomes.allSatisfy(Self.isRetry))
        // A hang guard, not a speed check: a receiver that never reads must not hold the batch for ever.
        #expect(elapsed >= .milliseconds(400) && elapsed < .seconds(60), "\(elapsed)")
        await sink.shutdown()
        try await server.close()
    }
}

/// Runs `body` with a loopback port whose listening socket has a backlog of 0 and two connections waiting that are
/// never accepted: the kernel drops any further SYN, so a new connection neither succeeds nor is refused.
private func withFullListenQueue<Result>(_ body: (Int) async throws -> Result) async throws -> Result {
    func tcpSocket() -> Int32 {
        #if canImport(Glibc)
        socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        socket(AF_INET, SOCK_STREAM, 0)
        #endif
    }
    let listener = tcpSocket()
    guard listener >= 0 else { throw TestSupportFailure(message: "socket() failed, errno \(errno)") }
    defer { close(listener) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
            bind(listener, address, length) == 0 && listen(listener, 0) == 0
                && getsockname(listener, address, &length) == 0
        }
    }
    guard bound else { throw TestSupportFailure(message: "bind/listen failed, errno \(errno)") }

    var waiting: [Int32] = []
    defer { for descriptor in waiting { close(descriptor) } }
    for _ in 0..<2 {
        let client = tcpSocket()
        guard client >= 0 else { throw TestSupportFailure(message: "socket() failed, errno \(errno)") }
        waiting.append(client)
        _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, length) }
        }
    }
    // Let both handshakes finish, so that the queue is full before the sink's connection comes.
    try await Task.sleep(for: .milliseconds(100))
    return try await body(Int(UInt16(bigEndian: address.sin_port)))
}

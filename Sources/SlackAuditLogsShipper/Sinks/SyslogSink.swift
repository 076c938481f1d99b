import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// Sends audit entries to a syslog receiver as RFC 5424 messages over TCP or TLS (RFC 5425), octet-counted
/// (RFC 6587 3.4.1), one ``SyslogMessage`` per entry.
///
/// ## What `.delivered` means
/// Syslog over TCP has no application acknowledgement: the receiver never writes back. An entry is `.delivered` once
/// the whole batch was written to the connection, that is, accepted by this machine's TCP stack (for TLS: encrypted
/// and accepted), not once the receiver stored it.
///
/// When connecting or writing fails (refused, reset, a timeout), the connection is closed and every entry of the batch
/// is `.retry`: the shipper sends the whole batch again on a new connection, so the entries of that batch that did
/// arrive arrive twice. Duplicates are bounded by one batch per break; the ``guarantee`` is `.atLeastOnce`.
///
/// One case stays outside any TCP sender's reach (R. Gerhards, "On the (un)reliability of plain tcp syslog"): bytes the
/// local stack accepted for a batch already reported `.delivered` are lost if the connection breaks before the
/// receiver reads them. The sink narrows that window by reconnecting whenever the receiver has closed the connection
/// since the last batch; only a protocol with acknowledgements (RELP) closes it.
///
/// Batches are written one frame after another on a single connection; concurrent calls to ``deliver(_:)`` share it
/// and never split a frame. ``shutdown()`` closes the connection, with TLS `close_notify` (RFC 5425 4.4).
package final class SyslogSink: DeliverySink {
    package let name = "syslog"
    package let guarantee = DeliveryGuarantee.atLeastOnce

    private let configuration: Configuration
    private let hostname: String
    private let tls: (context: NIOSSLContext, serverHostname: String?)?
    private let group: any EventLoopGroup
    private let state = Mutex(State.idle)

    private enum State {
        case idle
        case connecting(EventLoopFuture<any Channel>)
        case connected(any Channel)
        case shutDown
    }

    /// A sink for `configuration`, with every setting checked and the CA file read now, so that a mistake fails
    /// before the first batch.
    ///
    /// - Parameters:
    ///   - configuration: Where to send and how.
    ///   - eventLoopGroup: The event loops of the connection; the process-wide singleton by default.
    /// - Throws: `ShipperError` `.invalidConfiguration` for an empty host, a port outside 1-65535, a timeout that is not
    ///   positive, an IP address as TLS server name, or a CA file that cannot be read or holds no certificate.
    package init(
        configuration: Configuration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws(ShipperError) {
        guard !configuration.host.isEmpty else {
            throw ShipperError(code: .invalidConfiguration, message: "The syslog host is empty.")
        }
        guard (1...65_535).contains(configuration.port) else {
            throw ShipperError(
                code: .invalidConfiguration,
                message: "The syslog port \(configuration.port) is not between 1 and 65535."
            )
        }
        guard configuration.connectTimeout > .zero, configuration.writeTimeout > .zero else {
            throw ShipperError(
                code: .invalidConfiguration,
                message: "The syslog connect and write timeouts must be positive."
            )
        }
        self.configuration = configuration
        self.hostname = configuration.hostname ?? SyslogMessage.machineHostname()
        self.group = eventLoopGroup
        switch configuration.transport.kind {
        case .tcp:
            self.tls = nil
        case .tls(let caFile, let serverName):
            self.tls = try Self.makeTLS(caFile: caFile, serverName: serverName, host: configuration.host)
        }
    }

    package func deliver(_ batch: [ShipmentEntry]) async throws(ShipperError) -> [DeliveryOutcome] {
        guard !batch.isEmpty else { return [] }
        var frames = ByteBuffer()
        frames.reserveCapacity(batch.reduce(0) { $0 + $1.bytes.count + 200 })
        for entry in batch {
            let message = SyslogMessage(
                entry: entry,
                facility: configuration.facility,
                severity: configuration.severity,
                hostname: hostname,
                appName: configuration.appName
            )
            frames.writeString("\(message.bytes.count) ")
            frames.writeBytes(message.bytes)
        }
        let channel: any Channel
        do {
            channel = try await connectedChannel().get()
        } catch {
            let reason = "Connecting to syslog \(configuration.host):\(configuration.port) failed: \(error)"
            return Array(repeating: .retry(reason: reason, after: nil), count: batch.count)
        }
        do {
            try await write(frames, to: channel).get()
            return Array(repeating: .delivered, count: batch.count)
        } catch {
            drop(channel)
            let reason = "Writing to syslog \(configuration.host):\(configuration.port) failed: \(error)"
            return Array(repeating: .retry(reason: reason, after: nil), count: batch.count)
        }
    }

    package func shutdown() async {
        let previous = state.withLock { state in
            let previous = state
            state = .shutDown
            return previous
        }
        let channel: (any Channel)?
        switch previous {
        case .connected(let connected): channel = connected
        case .connecting(let future): channel = try? await future.get()
        case .idle, .shutDown: channel = nil
        }
        // With TLS, closing sends close_notify first (NIOSSLHandler); an error here leaves nothing to do.
        try? await channel?.close()
    }

    /// The open connection, or a new one when there is none or the receiver closed it.
    private func connectedChannel() -> EventLoopFuture<any Channel> {
        let (future, isNew) = state.withLock { state -> (EventLoopFuture<any Channel>, Bool) in
            switch state {
            case .connected(let channel) where channel.isActive:
                return (channel.eventLoop.makeSucceededFuture(channel), false)
            case .connecting(let future):
                return (future, false)
            case .shutDown:
                return (group.next().makeFailedFuture(ShutDownError()), false)
            case .idle, .connected:
                let future = connect()
                state = .connecting(future)
                return (future, true)
            }
        }
        // Registered outside the lock: a callback may run at once, and it takes the lock.
        if isNew {
            future.whenComplete { [weak self] result in
                self?.state.withLock { state in
                    guard case .connecting(let pending) = state, pending == future else { return }
                    switch result {
                    case .success(let channel): state = .connected(channel)
                    case .failure: state = .idle
                    }
                }
            }
        }
        return future
    }

    /// Starts a connection, with a TLS handler first when the transport is TLS.
    private func connect() -> EventLoopFuture<any Channel> {
        let tls = self.tls
        return ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                guard let tls else { return channel.eventLoop.makeSucceededVoidFuture() }
                do {
                    let handler = try NIOSSLClientHandler(context: tls.context, serverHostname: tls.serverHostname)
                    try channel.pipeline.syncOperations.addHandler(handler)
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
            .connect(host: configuration.host, port: configuration.port)
    }

    /// Writes `frames` and flushes; fails when the write fails or takes longer than the write timeout.
    private func write(_ frames: ByteBuffer, to channel: any Channel) -> EventLoopFuture<Void> {
        let promise = channel.eventLoop.makePromise(of: Void.self)
        channel.writeAndFlush(frames, promise: promise)
        let timeout = configuration.writeTimeout
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            // A promise completes once: a write that finishes after this is ignored.
            promise.fail(WriteTimeoutError(timeout: timeout))
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        return promise.futureResult
    }

    /// Forgets `channel` (if it is still the current one) and closes it, so that the next batch reconnects.
    private func drop(_ channel: any Channel) {
        state.withLock { state in
            if case .connected(let current) = state, current === channel { state = .idle }
        }
        channel.close(promise: nil)
    }

    /// The NIOSSL context and the SNI name for a TLS transport, or an `.invalidConfiguration` error.
    private static func makeTLS(
        caFile: String?,
        serverName: String?,
        host: String
    ) throws(ShipperError) -> (context: NIOSSLContext, serverHostname: String?) {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        if let caFile {
            let certificates: [NIOSSLCertificate]
            do {
                certificates = try NIOSSLCertificate.fromPEMFile(caFile)
            } catch {
                throw ShipperError(
                    code: .invalidConfiguration,
                    message: "The syslog CA file cannot be read as PEM certificates: \(error)",
                    path: caFile
                )
            }
            guard !certificates.isEmpty else {
                throw ShipperError(
                    code: .invalidConfiguration,
                    message: "The syslog CA file holds no certificate.",
                    path: caFile
                )
            }
            configuration.trustRoots = .certificates(certificates)
        }
        if let serverName, isIPAddress(serverName) {
            throw ShipperError(
                code: .invalidConfiguration,
                message: "The syslog TLS server name must be a DNS name; leave it unset to check an IP address."
            )
        }
        let serverHostname = serverName ?? (isIPAddress(host) ? nil : host)
        do {
            return (try NIOSSLContext(configuration: configuration), serverHostname)
        } catch {
            throw ShipperError(code: .invalidConfiguration, message: "The syslog TLS settings are unusable: \(error)")
        }
    }

    private static func isIPAddress(_ text: String) -> Bool {
        (try? SocketAddress(ipAddress: text, port: 0)) != nil
    }
}

/// A batch that took longer to write than the configured timeout.
private struct WriteTimeoutError: Error, CustomStringConvertible {
    var timeout: Duration
    var description: String { "the write did not finish within \(timeout)" }
}

/// A batch handed to a sink after its shutdown.
private struct ShutDownError: Error, CustomStringConvertible {
    var description: String { "the sink is shut down" }
}

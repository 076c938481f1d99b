import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import SlackAuditLogsTestSupport
import Synchronization

/// One request received by ``TestConnectProxy``.
struct ProxyRecord: Sendable, Equatable {
    /// The request target as sent: `host:port` for `CONNECT`, otherwise the request URI.
    var target: String
    /// The raw `Proxy-Authorization` header value, if any.
    var proxyAuthorization: String?
    /// The request method (`CONNECT` for tunnel requests).
    var method: String

    /// Creates a record; `method` defaults to `CONNECT`.
    init(target: String, proxyAuthorization: String?, method: String = "CONNECT") {
        self.target = target
        self.proxyAuthorization = proxyAuthorization
        self.method = method
    }
}

/// Errors thrown by ``TestConnectProxy``.
enum TestConnectProxyError: Error {
    /// The listening socket has no local port.
    case noLocalPort
    /// The proxy was shut down while a connection was being set up.
    case shutDown
}

/// An HTTP `CONNECT` proxy on `127.0.0.1` (ephemeral port) for tests.
///
/// Every request is recorded in ``records``. `CONNECT host:port` requests (with matching `Proxy-Authorization`
/// when credentials are required) are answered with `200 Connection Established`, after which bytes are relayed in
/// both directions until either side closes. Other methods get `405`, bad credentials `407`, unreachable targets
/// `502`.
final class TestConnectProxy: Sendable, ShutsDown {
    private let core: ProxyCore
    private let serverChannel: Channel

    /// The TCP port the proxy listens on.
    let port: Int

    private init(core: ProxyCore, serverChannel: Channel, port: Int) {
        self.core = core
        self.serverChannel = serverChannel
        self.port = port
    }

    /// Every request received so far, in order.
    var records: [ProxyRecord] {
        self.core.state.withLock { $0.records }
    }

    /// Runs `body` with a proxy started by ``start(requiredCredentials:)``, and awaits its shutdown afterwards.
    static func withProxy<Result>(
        requiredCredentials: (username: String, password: String)? = nil,
        _ body: (TestConnectProxy) async throws -> Result
    ) async throws -> Result {
        try await withShutdown(
            try await start(requiredCredentials: requiredCredentials),
            body
        )
    }

    /// Starts a proxy on `127.0.0.1` with an ephemeral port.
    ///
    /// - Parameter requiredCredentials: When given, `CONNECT` requests must carry
    ///   `Proxy-Authorization: Basic base64(username:password)`, otherwise they get `407`.
    static func start(
        requiredCredentials: (username: String, password: String)? = nil
    ) async throws -> TestConnectProxy {
        let core = ProxyCore(credentials: requiredCredentials.map { "\($0.username):\($0.password)" })
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                guard core.register(channel) else {
                    return channel.eventLoop.makeFailedFuture(TestConnectProxyError.shutDown)
                }
                do {
                    let sync = channel.pipeline.syncOperations
                    let decoder = ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes))
                    try sync.addHandler(decoder)
                    try sync.addHandler(ConnectHandler(core: core))
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw TestConnectProxyError.noLocalPort
        }
        return TestConnectProxy(core: core, serverChannel: channel, port: port)
    }

    /// Stops listening and closes every open connection (client and target side). Safe to call more than once.
    func shutdown() async throws {
        let connections = self.core.beginShutdown()
        try? await self.serverChannel.close()
        for connection in connections {
            connection.close(promise: nil)
            try await connection.closeFuture.get()
        }
    }
}

/// State shared by the proxy object and its handlers.
private final class ProxyCore: Sendable {
    struct State {
        var records: [ProxyRecord] = []
        var connections: [ObjectIdentifier: Channel] = [:]
        var isShutdown = false
    }

    /// `username:password`, when credentials are required.
    let credentials: String?
    let state = Mutex(State())

    init(credentials: String?) {
        self.credentials = credentials
    }

    /// Tracks a channel until it closes; returns `false` when the proxy is shutting down.
    func register(_ channel: Channel) -> Bool {
        let id = ObjectIdentifier(channel)
        let registered = self.state.withLock { state in
            guard !state.isShutdown else {
                return false
            }
            state.connections[id] = channel
            return true
        }
        if registered {
            channel.closeFuture.whenComplete { _ in
                self.state.withLock { _ = $0.connections.removeValue(forKey: id) }
            }
        }
        return registered
    }

    /// Marks the proxy as shut down and returns the channels that are still open.
    func beginShutdown() -> [Channel] {
        self.state.withLock { state in
            state.isShutdown = true
            return Array(state.connections.values)
        }
    }

    func record(_ record: ProxyRecord) {
        self.state.withLock { $0.records.append(record) }
    }

    /// Whether a `Proxy-Authorization` value satisfies the required credentials.
    func isAuthorized(_ proxyAuthorization: String?) -> Bool {
        guard let credentials = self.credentials else {
            return true
        }
        guard let value = proxyAuthorization else {
            return false
        }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let decoded = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces))
        else {
            return false
        }
        return String(decoding: decoded, as: UTF8.self) == credentials
    }
}

/// Handles the proxy request on a client connection, then hands the connection over to a ``GlueHandler`` pair.
private final class ConnectHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = ByteBuffer

    private let core: ProxyCore
    private var head: HTTPRequestHead?

    init(core: ProxyCore) {
        self.core = core
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break
        case .end:
            guard let head = self.head else {
                return
            }
            self.head = nil
            self.handle(head, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    private func handle(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let authorization = head.headers.first(name: "proxy-authorization")
        self.core.record(
            ProxyRecord(target: head.uri, proxyAuthorization: authorization, method: head.method.rawValue)
        )
        guard head.method == .CONNECT else {
            self.fail(context: context, status: "405 Method Not Allowed", extraHeaders: "allow: CONNECT\r\n")
            return
        }
        guard self.core.isAuthorized(authorization) else {
            let challenge = "proxy-authenticate: Basic realm=\"test\"\r\n"
            self.fail(context: context, status: "407 Proxy Authentication Required", extraHeaders: challenge)
            return
        }
        guard let separator = head.uri.lastIndex(of: ":"),
            let port = Int(head.uri[head.uri.index(after: separator)...])
        else {
            self.fail(context: context, status: "400 Bad Request")
            return
        }
        var host = String(head.uri[..<separator])
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        }
        let core = self.core
        ClientBootstrap(group: context.eventLoop)
            .channelInitializer { channel in
                core.register(channel)
                    ? channel.eventLoop.makeSucceededVoidFuture()
                    : channel.eventLoop.makeFailedFuture(TestConnectProxyError.shutDown)
            }
            .connect(host: host, port: port)
            .hop(to: context.eventLoop)
            .assumeIsolated()
            .whenComplete { result in
                switch result {
                case .success(let peer):
                    self.establishTunnel(to: peer, context: context)
                case .failure:
                    self.fail(context: context, status: "502 Bad Gateway")
                }
            }
    }

    /// Answers `200`, glues the two channels together and removes the HTTP handlers.
    private func establishTunnel(to peer: Channel, context: ChannelHandlerContext) {
        do {
            let (local, remote) = GlueHandler.matchedPair()
            try context.pipeline.syncOperations.addHandler(local)
            try peer.pipeline.syncOperations.addHandler(remote)
            let response = ByteBuffer(string: "HTTP/1.1 200 Connection Established\r\n\r\n")
            context.writeAndFlush(self.wrapOutboundOut(response), promise: nil)
            let pipeline = context.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            pipeline.removeHandler(context: context, promise: nil)
            pipeline.removeHandler(decoder, promise: nil)
        } catch {
            peer.close(promise: nil)
            context.close(promise: nil)
        }
    }

    private func fail(context: ChannelHandlerContext, status: String, extraHeaders: String = "") {
        let response = "HTTP/1.1 \(status)\r\n\(extraHeaders)content-length: 0\r\nconnection: close\r\n\r\n"
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(self.wrapOutboundOut(ByteBuffer(string: response)), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}

/// One half of a pair of handlers that relays bytes between two channels on the same event loop, with
/// back-pressure, closing one channel when the other closes.
private final class GlueHandler: ChannelDuplexHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny
    typealias OutboundOut = NIOAny

    private var partner: GlueHandler?
    private var context: ChannelHandlerContext?
    private var pendingRead = false

    private init() {}

    /// Creates two handlers that forward to each other.
    static func matchedPair() -> (GlueHandler, GlueHandler) {
        let first = GlueHandler()
        let second = GlueHandler()
        first.partner = second
        second.partner = first
        return (first, second)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        self.partner = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.partner?.partnerWrite(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.partner?.partnerFlush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.partner?.partnerClose()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, case .inputClosed = event {
            self.partner?.partnerClose()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        self.partner?.partnerClose()
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            self.partner?.partnerBecameWritable()
        }
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        if self.partner?.partnerWritable ?? false {
            context.read()
        } else {
            self.pendingRead = true
        }
    }

    private var partnerWritable: Bool {
        self.context?.channel.isWritable ?? false
    }

    private func partnerWrite(_ data: NIOAny) {
        self.context?.write(data, promise: nil)
    }

    private func partnerFlush() {
        self.context?.flush()
    }

    private func partnerClose() {
        self.context?.close(promise: nil)
    }

    private func partnerBecameWritable() {
        if self.pendingRead {
            self.pendingRead = false
            self.context?.read()
        }
    }
}

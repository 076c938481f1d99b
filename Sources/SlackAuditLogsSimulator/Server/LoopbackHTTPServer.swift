import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// One HTTP request as received by ``LoopbackHTTPServer``.
package struct LoopbackHTTPRequest: Sendable {
    /// The request method, e.g. `GET`.
    package var method: String
    /// The request target exactly as it appeared on the request line (not decoded).
    package var uri: String
    /// The part of ``uri`` before the first `?`.
    package var path: String
    /// The raw, undecoded text after the first `?`, or `nil` when the URI has no `?`.
    package var query: String?
    /// All header fields in the order and spelling they were received.
    package var headers: [(name: String, value: String)]
    /// The complete request body.
    package var body: [UInt8]
    /// When the request head was received.
    package var receivedAt: ContinuousClock.Instant
    /// Sequential number (starting at 0) of the TCP connection that carried the request.
    package var connectionID: Int

    /// The request body decoded as UTF-8.
    package var bodyText: String {
        String(decoding: self.body, as: UTF8.self)
    }

    /// Returns the value of the first header field called `name` (compared case-insensitively), if any.
    package func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        for field in self.headers where field.name.lowercased() == wanted {
            return field.value
        }
        return nil
    }
}

/// What ``LoopbackHTTPServer`` does once it has read a complete request.
package enum LoopbackHTTPResponse: Sendable {
    /// Sends a complete response. A `content-length` header is added unless the caller supplied a `content-length`
    /// or `transfer-encoding` header (or the status is 1xx or 204).
    case respond(status: Int, headers: [(String, String)] = [], body: [UInt8])
    /// Closes the connection without writing anything.
    case closeWithoutResponse
    /// Never answers; the connection stays open until the server shuts down.
    case stall
    /// Sends the head with `content-length: declaredLength` and only `bodyPrefix`, then nothing more until shutdown.
    case stallMidBody(status: Int, headers: [(String, String)] = [], bodyPrefix: [UInt8], declaredLength: Int)
    /// Sends the head with `content-length: declaredLength` and `bodyPrefix`, then resets the connection
    /// (`SO_LINGER` 0, so the peer sees a TCP RST).
    case resetMidBody(status: Int, headers: [(String, String)] = [], bodyPrefix: [UInt8], declaredLength: Int)
    /// Sends the head, then the body in chunks of `chunkSize` bytes, one every `interval`, then the end: each read
    /// is quick, but the whole response is slow.
    case trickle(status: Int, headers: [(String, String)] = [], body: [UInt8], chunkSize: Int, interval: Duration)
    /// Sends the head with the full `content-length` and the first `sentBytes` bytes of the body, then closes the
    /// connection cleanly: the client sees a well-formed status line and a body that ends too early.
    case truncated(status: Int, headers: [(String, String)] = [], body: [UInt8], sentBytes: Int)
    /// Waits for the given duration (without blocking the event loop), then performs the inner action.
    indirect case delayed(Duration, LoopbackHTTPResponse)

    /// `200 OK` with a JSON body.
    package static func ok(_ json: String) -> LoopbackHTTPResponse {
        .json(status: 200, json)
    }

    /// A JSON response (`content-type: application/json; charset=utf-8`) with optional extra headers.
    package static func json(status: Int, _ body: String, headers: [(String, String)] = []) -> LoopbackHTTPResponse {
        .respond(
            status: status,
            headers: [("content-type", "application/json; charset=utf-8")] + headers,
            body: Array(body.utf8)
        )
    }

    /// A text response with the given content type.
    package static func text(
        status: Int,
        _ body: String,
        contentType: String = "text/plain; charset=utf-8"
    ) -> LoopbackHTTPResponse {
        .respond(status: status, headers: [("content-type", contentType)], body: Array(body.utf8))
    }
}

/// Errors thrown when starting a ``LoopbackHTTPServer``.
package enum LoopbackHTTPServerError: Error {
    /// The listening socket has no local port.
    case noLocalPort
    /// The server was shut down while a connection was being accepted.
    case shutDown
}

/// A scriptable HTTP/1.1 server on `127.0.0.1` (ephemeral port), optionally speaking TLS.
///
/// The simulator serves the Audit Logs API with it (keeping no log of its own), and the package's tests script any
/// answer a server can give with it: a response, a connection closed without one, a stall, a reset or a truncation
/// mid-body, a delay.
///
/// Responses come from the FIFO script filled by ``enqueue(_:)`` first, then from the handler. Every request is
/// counted, and the newest are kept in ``requests``. Call ``shutdown()`` when done; it also closes every open
/// connection.
package final class LoopbackHTTPServer: Sendable {
    private let core: HTTPServerCore
    private let serverChannel: Channel
    private let isTLS: Bool

    /// The TCP port the server listens on.
    package let port: Int

    private init(core: HTTPServerCore, serverChannel: Channel, isTLS: Bool, port: Int) {
        self.core = core
        self.serverChannel = serverChannel
        self.isTLS = isTLS
        self.port = port
    }

    /// `http://127.0.0.1:PORT/`, or `https://localhost:PORT/` when the server uses TLS.
    package var baseURL: String {
        self.isTLS ? "https://localhost:\(self.port)/" : "http://127.0.0.1:\(self.port)/"
    }

    /// The newest requests received (at most the `requestLogLimit` given to ``start(host:port:tls:requestLogLimit:maximumBodyBytes:handler:)``),
    /// in the order they were completed, headers as sent: this server is for tests.
    package var requests: [LoopbackHTTPRequest] {
        self.core.state.withLock { $0.requests.elements }
    }

    /// Whether the server still accepts connections (false once ``shutdown()`` has closed its socket).
    package var isListening: Bool { self.serverChannel.isActive }

    /// The number of requests received so far.
    package var requestCount: Int {
        self.core.state.withLock { $0.received }
    }

    /// Starts a server, by default on `127.0.0.1` with an ephemeral port.
    ///
    /// - Parameters:
    ///   - host: The address to bind, normally a loopback address.
    ///   - port: The port; `0` picks a free one.
    ///   - tls: When given, connections are TLS (a `NIOSSLServerHandler` is the first handler).
    ///   - requestLogLimit: How many of the newest requests ``requests`` keeps; `0` keeps none.
    ///   - maximumBodyBytes: The largest request body read; a connection that sends more is closed.
    ///   - handler: Produces the response for requests not covered by the ``enqueue(_:)`` script. It runs in a task,
    ///     off the event loop, so it may take its time.
    package static func start(
        host: String = "127.0.0.1",
        port: Int = 0,
        tls: NIOSSLContext? = nil,
        requestLogLimit: Int = 10_000,
        maximumBodyBytes: Int = 256 * 1024 * 1024,
        handler: @escaping @Sendable (LoopbackHTTPRequest) async -> LoopbackHTTPResponse = { _ in .ok("{}") }
    ) async throws -> LoopbackHTTPServer {
        let core = HTTPServerCore(
            requestLogLimit: requestLogLimit,
            maximumBodyBytes: maximumBodyBytes,
            handler: handler
        )
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                guard let connectionID = core.register(channel) else {
                    return channel.eventLoop.makeFailedFuture(LoopbackHTTPServerError.shutDown)
                }
                do {
                    let sync = channel.pipeline.syncOperations
                    if let tls {
                        try sync.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    try sync.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: true)
                    try sync.addHandler(HTTPConnectionHandler(core: core, connectionID: connectionID))
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
            .bind(host: host, port: port)
            .get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw LoopbackHTTPServerError.noLocalPort
        }
        return LoopbackHTTPServer(core: core, serverChannel: channel, isTLS: tls != nil, port: port)
    }

    /// Replaces the handler used for requests not covered by the ``enqueue(_:)`` script.
    package func setHandler(_ handler: @escaping @Sendable (LoopbackHTTPRequest) async -> LoopbackHTTPResponse) {
        self.core.state.withLock { $0.handler = handler }
    }

    /// Appends responses to the FIFO script: the next request gets the first queued response, and so on. The script
    /// takes precedence over the handler.
    package func enqueue(_ responses: LoopbackHTTPResponse...) {
        self.core.state.withLock { $0.script.append(contentsOf: responses) }
    }

    /// Stops listening and closes every open connection (ending stalled responses). Safe to call more than once.
    package func shutdown() async throws {
        let connections = self.core.beginShutdown()
        try? await self.serverChannel.close()
        for connection in connections {
            try await closeConnectionAbruptly(connection).get()
        }
    }
}

/// State shared by the server object and its connection handlers.
private final class HTTPServerCore: Sendable {
    struct State {
        var handler: @Sendable (LoopbackHTTPRequest) async -> LoopbackHTTPResponse
        var script: [LoopbackHTTPResponse] = []
        var requests: RequestLog<LoopbackHTTPRequest>
        var received = 0
        var connections: [ObjectIdentifier: Channel] = [:]
        var nextConnectionID = 0
        var isShutdown = false
    }

    let state: Mutex<State>
    /// The largest request body read; a connection sending more is closed.
    let maximumBodyBytes: Int

    init(
        requestLogLimit: Int,
        maximumBodyBytes: Int,
        handler: @escaping @Sendable (LoopbackHTTPRequest) async -> LoopbackHTTPResponse
    ) {
        self.maximumBodyBytes = maximumBodyBytes
        self.state = Mutex(State(handler: handler, requests: RequestLog(limit: requestLogLimit)))
    }

    /// Tracks a new connection; returns its ID, or `nil` when the server is shutting down.
    func register(_ channel: Channel) -> Int? {
        let id = ObjectIdentifier(channel)
        let connectionID: Int? = self.state.withLock { state in
            guard !state.isShutdown else {
                return nil
            }
            state.connections[id] = channel
            state.nextConnectionID += 1
            return state.nextConnectionID - 1
        }
        if connectionID != nil {
            channel.closeFuture.whenComplete { _ in
                self.state.withLock { _ = $0.connections.removeValue(forKey: id) }
            }
        }
        return connectionID
    }

    /// Marks the server as shut down and returns the connections that are still open.
    func beginShutdown() -> [Channel] {
        self.state.withLock { state in
            state.isShutdown = true
            return Array(state.connections.values)
        }
    }

    /// Records the request and picks its response: the first scripted one, otherwise the handler's.
    func response(for request: LoopbackHTTPRequest) async -> LoopbackHTTPResponse {
        let (scripted, handler) = self.state.withLock { state in
            state.requests.append(request)
            state.received += 1
            let scripted = state.script.isEmpty ? nil : state.script.removeFirst()
            return (scripted, state.handler)
        }
        if let scripted { return scripted }
        return await handler(request)
    }
}

/// Closes a connection without a TLS close_notify exchange (the close starts below the TLS handler, if any), and
/// returns the channel's close future.
private func closeConnectionAbruptly(_ channel: Channel) -> EventLoopFuture<Void> {
    channel.eventLoop.execute {
        if let tlsContext = try? channel.pipeline.syncOperations.context(handlerType: NIOSSLServerHandler.self) {
            tlsContext.close(promise: nil)
        } else {
            channel.close(promise: nil)
        }
    }
    return channel.closeFuture
}

/// Reads requests on one connection and performs the chosen ``LoopbackHTTPResponse``.
private final class HTTPConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let core: HTTPServerCore
    private let connectionID: Int
    private var requestHead: HTTPRequestHead?
    private var receivedAt = ContinuousClock.now
    private var body: [UInt8] = []
    private var scheduled: Scheduled<Void>?

    init(core: HTTPServerCore, connectionID: Int) {
        self.core = core
        self.connectionID = connectionID
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.requestHead = head
            self.receivedAt = ContinuousClock.now
            self.body = []
        case .body(let buffer):
            guard self.body.count + buffer.readableBytes <= self.core.maximumBodyBytes else {
                // A body larger than the server takes: the connection is closed, nothing is buffered.
                self.requestHead = nil
                self.body = []
                context.close(promise: nil)
                return
            }
            self.body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head = self.requestHead else {
                return
            }
            self.requestHead = nil
            let uri = head.uri
            let questionMark = uri.firstIndex(of: "?")
            let request = LoopbackHTTPRequest(
                method: head.method.rawValue,
                uri: uri,
                path: String(uri[..<(questionMark ?? uri.endIndex)]),
                query: questionMark.map { String(uri[uri.index(after: $0)...]) },
                headers: head.headers.map { (name: $0.name, value: $0.value) },
                body: self.body,
                receivedAt: self.receivedAt,
                connectionID: self.connectionID
            )
            self.body = []
            let core = self.core
            let promise = context.eventLoop.makePromise(of: LoopbackHTTPResponse.self)
            promise.completeWithTask { await core.response(for: request) }
            promise.futureResult.assumeIsolated().whenSuccess { response in
                self.perform(response, for: head, context: context)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.scheduled?.cancel()
        self.scheduled = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    private func perform(_ response: LoopbackHTTPResponse, for request: HTTPRequestHead, context: ChannelHandlerContext)
    {
        switch response {
        case .respond(let status, let headers, let body):
            let (head, close) = Self.responseHead(for: request, status: status, headers: headers, length: body.count)
            context.write(self.wrapOutboundOut(.head(head)), promise: nil)
            if !body.isEmpty {
                context.write(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
            }
            let written = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: written)
            if close {
                written.futureResult.assumeIsolated().whenComplete { _ in
                    context.close(promise: nil)
                }
            }
        case .closeWithoutResponse:
            context.close(promise: nil)
        case .stall:
            break
        case .stallMidBody(let status, let headers, let prefix, let declaredLength):
            self.writePartial(request, status, headers, prefix, declaredLength, context: context)
        case .resetMidBody(let status, let headers, let prefix, let declaredLength):
            let written = self.writePartial(request, status, headers, prefix, declaredLength, context: context)
            written.assumeIsolated().whenComplete { _ in
                Self.reset(context: context)
            }
        case .trickle(let status, let headers, let body, let chunkSize, let interval):
            let (head, _) = Self.responseHead(for: request, status: status, headers: headers, length: body.count)
            context.writeAndFlush(self.wrapOutboundOut(.head(head)), promise: nil)
            self.writeChunks(body[...], chunkSize: max(chunkSize, 1), interval: interval, context: context)
        case .truncated(let status, let headers, let body, let sentBytes):
            let prefix = Array(body.prefix(max(sentBytes, 0)))
            let written = self.writePartial(request, status, headers, prefix, body.count, context: context)
            written.assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        case .delayed(let delay, let inner):
            self.scheduled = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) {
                self.scheduled = nil
                self.perform(inner, for: request, context: context)
            }
        }
    }

    /// Writes one chunk now and schedules the rest, then the end of the response.
    private func writeChunks(
        _ rest: ArraySlice<UInt8>,
        chunkSize: Int,
        interval: Duration,
        context: ChannelHandlerContext
    ) {
        guard !rest.isEmpty else {
            context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        let chunk = rest.prefix(chunkSize)
        context.writeAndFlush(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: chunk)))), promise: nil)
        let remaining = rest.dropFirst(chunkSize)
        self.scheduled = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(interval)) {
            self.scheduled = nil
            self.writeChunks(remaining, chunkSize: chunkSize, interval: interval, context: context)
        }
    }

    @discardableResult
    private func writePartial(
        _ request: HTTPRequestHead,
        _ status: Int,
        _ headers: [(String, String)],
        _ prefix: [UInt8],
        _ declaredLength: Int,
        context: ChannelHandlerContext
    ) -> EventLoopFuture<Void> {
        let declared = ("content-length", "\(declaredLength)")
        let fields = headers.filter { $0.0.lowercased() != "content-length" } + [declared]
        let (head, _) = Self.responseHead(for: request, status: status, headers: fields, length: declaredLength)
        context.write(self.wrapOutboundOut(.head(head)), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: prefix)))), promise: written)
        return written.futureResult
    }

    /// Sets `SO_LINGER` to 0 (so closing sends a TCP RST) and closes the connection below any TLS handler.
    private static func reset(context: ChannelHandlerContext) {
        let channel = context.channel
        guard let provider = channel as? SocketOptionProvider else {
            _ = closeConnectionAbruptly(channel)
            return
        }
        provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in
            _ = closeConnectionAbruptly(channel)
        }
    }

    /// Builds the response head: adds `content-length` unless the caller set `content-length` or
    /// `transfer-encoding`, mirrors the request's keep-alive choice, and reports whether to close afterwards.
    private static func responseHead(
        for request: HTTPRequestHead,
        status: Int,
        headers: [(String, String)],
        length: Int
    ) -> (HTTPResponseHead, close: Bool) {
        var fields = HTTPHeaders(headers)
        let mayHaveBody = status >= 200 && status != 204
        if mayHaveBody && !fields.contains(name: "content-length") && !fields.contains(name: "transfer-encoding") {
            fields.add(name: "content-length", value: "\(length)")
        }
        let connectionTokens = fields[canonicalForm: "connection"].map { $0.lowercased() }
        var close = connectionTokens.contains("close")
        if !close && !connectionTokens.contains("keep-alive") {
            if !request.isKeepAlive {
                fields.add(name: "connection", value: "close")
                close = true
            } else if request.version == .http1_0 {
                fields.add(name: "connection", value: "keep-alive")
            }
        }
        let status = HTTPResponseStatus(statusCode: status)
        return (HTTPResponseHead(version: request.version, status: status, headers: fields), close)
    }
}

import SlackAuditLogsSimulator

// The client's tests script their servers with the simulator module's public loopback server.
typealias TestHTTPServer = LoopbackHTTPServer
typealias TestResponse = LoopbackHTTPResponse
typealias RecordedRequest = LoopbackHTTPRequest

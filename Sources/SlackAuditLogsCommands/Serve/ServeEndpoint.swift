import Foundation
import Logging
import Prometheus
import SlackAuditLogsSimulator

/// `/metrics`, `/healthz` and `/readyz` over HTTP/1.1, on SwiftNIO through the package's small server (the one the
/// simulator uses): three GET routes need no framework. Requests carry no body worth reading; bodies over 64 KiB
/// close the connection.
enum ServeEndpoint {
    static func start(
        _ address: ServeConfiguration.ListenAddress,
        board: HealthBoard,
        registry: PrometheusCollectorRegistry
    ) async throws -> LoopbackHTTPServer {
        try await LoopbackHTTPServer.start(
            host: address.host,
            port: address.port,
            requestLogLimit: 0,
            maximumBodyBytes: 64 * 1024
        ) { request in
            respond(to: request, board: board, registry: registry)
        }
    }

    static func respond(
        to request: LoopbackHTTPRequest,
        board: HealthBoard,
        registry: PrometheusCollectorRegistry
    ) -> LoopbackHTTPResponse {
        // GET only: Prometheus and health probes use it, and the server writes a body with every response.
        guard request.method == "GET" else {
            return .respond(
                status: 405,
                headers: [("allow", "GET"), ("content-type", "text/plain; charset=utf-8")],
                body: Array("Only GET.\n".utf8)
            )
        }
        switch request.path {
        case "/metrics":
            board.refresh()
            return .respond(
                status: 200,
                headers: [("content-type", MetricsExposition.contentType)],
                body: MetricsExposition.render(registry)
            )
        case "/healthz":
            return .json(status: 200, #"{"status":"alive"}"#)
        case "/readyz":
            let readiness = board.refresh()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let body = (try? encoder.encode(readiness)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return .json(status: readiness.ready ? 200 : 503, body)
        default:
            return .text(status: 404, "Not found: /metrics, /healthz and /readyz are served.\n")
        }
    }
}

import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogs

@Suite("TLS: custom CA bundles and client certificates against a real TLS server")
struct TLSTests {
    @Test("a custom CA bundle trusts the test server")
    func customCA() async throws {
        try await withServer(tls: true, respond: .ok(samplePage)) { server in
            let ca = try TestTLS.resourceURL("ca.pem").path
            try await withClient(baseURL: server.baseURL, tls: .customCA(pemFile: ca)) { fixture in
                let response = try await fixture.client.logs()
                #expect(response.typedBody.entries.count == 1)
            }
            #expect(server.requestCount == 1)
            #expect(server.requests.first?.header("authorization") == "Bearer \(testToken)")
        }
    }

    @Test("the CA can also be given as PEM text")
    func customCAText() async throws {
        try await withServer(tls: true, respond: .ok(samplePage)) { server in
            let pem = try String(contentsOf: TestTLS.resourceURL("ca.pem"), encoding: .utf8)
            try await withClient(baseURL: server.baseURL, tls: TLS(trustRoots: .pem(pem))) {
                fixture in
                _ = try await fixture.client.logs()
            }
        }
    }

    @Test("an untrusted server certificate is a tlsFailure, not retried, and nothing is sent")
    func untrustedCertificate() async throws {
        try await withServer(tls: true) { server in
            let otherCA = try TestTLS.resourceURL("other-ca.pem").path
            try await withClient(baseURL: server.baseURL, tls: .customCA(pemFile: otherCA)) {
                fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .tlsFailure)
                #expect(fixture.attemptCount == 1)
            }
            #expect(server.requestCount == 0)
        }
    }

    @Test("the system trust store does not trust the test CA")
    func systemTrustStore() async throws {
        try await withServer(tls: true) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .tlsFailure)
            }
        }
    }

    @Test("a client certificate is presented when the server requires one")
    func clientCertificate() async throws {
        let context = try TestTLS.serverContext(requireClientCertificate: true)
        let server = try await TestHTTPServer.start(tls: context) { _ in .ok(samplePage) }
        try await withShutdown(server) { server in
            let ca = try TestTLS.resourceURL("ca.pem").path
            let certificate = try TestTLS.resourceURL("client.pem").path
            let key = try TestTLS.resourceURL("client.key").path
            try await withClient(
                baseURL: server.baseURL,
                tls: TLS(
                    trustRoots: .pemFile(ca),
                    clientCertificate: .pemFiles(certificate: certificate, privateKey: key)
                )
            ) { fixture in
                _ = try await fixture.client.logs()
                #expect(!String(reflecting: fixture.client.configuration).contains("BEGIN"))
            }
            try await withClient(
                baseURL: server.baseURL,
                tls: .customCA(pemFile: ca),
                retryHandlers: []
            ) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect([.tlsFailure, .connectionClosed].contains(error.code), "\(error)")
            }
            #expect(server.requestCount == 1)
        }
    }
}

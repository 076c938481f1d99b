import Foundation
import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogs

@Suite("Proxies: explicit, from the environment, NO_PROXY, through a real CONNECT proxy")
struct ProxyTests {
    /// Runs one `logs()` call through `proxy`, and returns what the test server and the proxy saw.
    static func call(
        proxy makeProxy: (TestConnectProxy) -> AuditLogsClient.Configuration.Proxy,
        requiredCredentials: (username: String, password: String)? = nil
    ) async throws -> (serverRequests: Int, tunnels: [ProxyRecord]) {
        try await TestConnectProxy.withProxy(requiredCredentials: requiredCredentials) { tunnel in
            try await withServer(respond: .ok(samplePage)) { server in
                try await withClient(baseURL: server.baseURL, proxy: makeProxy(tunnel)) { fixture in
                    let response = try await fixture.client.logs(limit: 1)
                    #expect(response.typedBody.entries.count == 1)
                }
                return (server.requestCount, tunnel.records)
            }
        }
    }

    @Test("an explicit proxy URL tunnels the request with CONNECT")
    func explicitProxy() async throws {
        let (requests, tunnels) = try await Self.call(proxy: { .url("http://127.0.0.1:\($0.port)") })
        #expect(requests == 1)
        #expect(tunnels.count == 1)
        #expect(tunnels.first?.target.hasPrefix("127.0.0.1:") == true)
        #expect(tunnels.first?.proxyAuthorization == nil)
    }

    @Test("proxy credentials are sent as Basic authorization, percent-decoded")
    func proxyCredentials() async throws {
        let (requests, tunnels) = try await Self.call(
            proxy: { .url("http://svc%40corp:p%3Ass@127.0.0.1:\($0.port)/") },
            requiredCredentials: ("svc@corp", "p:ss")
        )
        #expect(requests == 1)
        let expected = "Basic " + Data("svc@corp:p:ss".utf8).base64EncodedString()
        #expect(tunnels.first?.proxyAuthorization == expected)
    }

    @Test("a proxy that refuses the credentials gives a clear connectionFailed error")
    func proxyRefusesCredentials() async throws {
        try await TestConnectProxy.withProxy(requiredCredentials: ("user", "right")) { tunnel in
            try await withServer { server in
                try await withClient(
                    baseURL: server.baseURL,
                    proxy: .url("http://user:wrong@127.0.0.1:\(tunnel.port)"),
                    retryHandlers: []
                ) { fixture in
                    let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                    #expect(error.code == .connectionFailed)
                    #expect(!error.description.contains("wrong"))
                }
                #expect(server.requestCount == 0)
            }
        }
    }

    @Test(
        "each proxy environment variable is honoured",
        arguments: ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"]
    )
    func environmentVariable(_ name: String) async throws {
        let (requests, tunnels) = try await Self.call(proxy: { .environment([name: "http://127.0.0.1:\($0.port)"]) })
        #expect(requests == 1)
        #expect(tunnels.count == 1)
    }

    @Test("HTTPS_PROXY wins over the others; empty values fall through")
    func environmentPrecedence() async throws {
        let unusable = "http://127.0.0.1:1"
        let (_, first) = try await Self.call(proxy: {
            .environment([
                "HTTPS_PROXY": "http://127.0.0.1:\($0.port)", "https_proxy": unusable, "HTTP_PROXY": unusable,
                "http_proxy": unusable,
            ])
        })
        #expect(first.count == 1)
        let (_, second) = try await Self.call(proxy: {
            .environment([
                "HTTPS_PROXY": "", "https_proxy": "", "HTTP_PROXY": "http://127.0.0.1:\($0.port)",
                "http_proxy": unusable,
            ])
        })
        #expect(second.count == 1)
    }

    @Test(
        "NO_PROXY bypasses the proxy for listed hosts",
        arguments: [
            "127.0.0.1", "localhost,127.0.0.1", "*", "127.0.0.0/8", ".0.0.1", "example.com, 127.0.0.1 ",
        ]
    )
    func noProxy(_ list: String) async throws {
        let (requests, tunnels) = try await Self.call(proxy: {
            .environment(["HTTPS_PROXY": "http://127.0.0.1:\($0.port)", "NO_PROXY": list])
        })
        #expect(requests == 1)
        #expect(tunnels.isEmpty)
    }

    @Test("NO_PROXY entries for other hosts keep the proxy")
    func noProxyOtherHosts() async throws {
        let (_, tunnels) = try await Self.call(proxy: {
            .environment(["https_proxy": "http://127.0.0.1:\($0.port)", "no_proxy": "example.com,10.0.0.0/8,127.0.0.2"])
        })
        #expect(tunnels.count == 1)
    }

    @Test("Proxy.none ignores the environment")
    func noneIgnoresEnvironment() async throws {
        let (requests, tunnels) = try await Self.call(proxy: { _ in .none })
        #expect(requests == 1)
        #expect(tunnels.isEmpty)
    }

    @Test("the proxy password never shows in descriptions")
    func passwordRedacted() throws {
        let proxy = AuditLogsClient.Configuration.Proxy.url("http://user:hunter2@proxy:3128")
        #expect(!String(describing: proxy).contains("hunter2"))
        #expect(!String(reflecting: proxy).contains("hunter2"))
        var dumped = ""
        dump(AuditLogsClient.Configuration(proxy: proxy), to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(String(describing: proxy).contains("user:<redacted>@proxy:3128"))
    }
}

/// Reads the real process environment, so it runs alone.
@Suite("Proxies: process environment", .serialized)
struct ProcessEnvironmentProxyTests {
    @Test("the default configuration reads HTTPS_PROXY from the process environment")
    func processEnvironment() async throws {
        try await TestConnectProxy.withProxy { tunnel in
            try await withServer(respond: .ok(samplePage)) { server in
                setenv("HTTPS_PROXY", "http://127.0.0.1:\(tunnel.port)", 1)
                defer { unsetenv("HTTPS_PROXY") }
                try await withClient(baseURL: server.baseURL, proxy: .environment) { fixture in
                    _ = try await fixture.client.logs()
                }
                #expect(server.requestCount == 1)
            }
            #expect(tunnel.records.count == 1)
        }
    }
}

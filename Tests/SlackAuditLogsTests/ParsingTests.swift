import Foundation
import Testing

@testable import SlackAuditLogs

@Suite("Parsing helpers: Retry-After, HTTP dates, NO_PROXY, proxy URLs, query strings")
struct ParsingTests {
    @Test("Retry-After in seconds, as a fraction, as each HTTP-date format, or unreadable")
    func retryAfter() {
        let now = Double(HTTPDate.parse("Sun, 06 Nov 1994 08:49:30 GMT") ?? 0)
        #expect(RetryAfter.parse("120", now: now) == .seconds(120))
        #expect(RetryAfter.parse(" 0 ", now: now) == .zero)
        #expect(RetryAfter.parse("1.5", now: now) == .milliseconds(1500))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", now: now) == .seconds(7))
        #expect(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", now: now) == .seconds(7))
        #expect(RetryAfter.parse("Sun Nov  6 08:49:37 1994", now: now) == .seconds(7))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == .zero)
        #expect(RetryAfter.parse("99999999999999999999999", now: now) ?? .zero > .seconds(1_000_000))
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse("-5", now: now) == nil)
        #expect(RetryAfter.parse("", now: now) == nil)
        #expect(RetryAfter.parse(nil, now: now) == nil)
    }

    @Test(
        "HTTP dates agree with Foundation's calendar",
        arguments: [
            ("Thu, 01 Jan 1970 00:00:00 GMT", Int64(0)),
            ("Tue, 29 Feb 2028 23:59:59 GMT", Int64(1_835_481_599)),
            ("Sun, 22 Nov 2026 03:05:00 GMT", Int64(1_795_316_700)),
        ]
    )
    func httpDate(_ text: String, expected: Int64) {
        #expect(HTTPDate.parse(text) == expected)
    }

    @Test("NO_PROXY matching")
    func noProxy() {
        let list = NoProxyList(" .example.com, internal:8443, 10.0.0.0/8, [::1], *.corp.local ")
        #expect(list.matches(host: "example.com", port: 443))
        #expect(list.matches(host: "api.example.com", port: 443))
        #expect(!list.matches(host: "badexample.com", port: 443))
        #expect(list.matches(host: "internal", port: 8443))
        #expect(!list.matches(host: "internal", port: 443))
        #expect(list.matches(host: "10.20.30.40", port: 443))
        #expect(!list.matches(host: "11.0.0.1", port: 443))
        #expect(list.matches(host: "[::1]", port: 443))
        #expect(list.matches(host: "a.corp.local", port: 443))
        #expect(!list.matches(host: "api.slack.com", port: 443))
        #expect(NoProxyList("*").matches(host: "api.slack.com", port: 443))
        #expect(!NoProxyList("").matches(host: "api.slack.com", port: 443))
    }

    @Test("proxy URLs in every accepted form")
    func proxyURLs() throws {
        #expect(
            try ProxyEndpoint.parse("http://proxy:3128", source: "t")
                == ProxyEndpoint(kind: .http, host: "proxy", port: 3128)
        )
        #expect(
            try ProxyEndpoint.parse("proxy.corp", source: "t")
                == ProxyEndpoint(kind: .http, host: "proxy.corp", port: 80)
        )
        #expect(
            try ProxyEndpoint.parse("socks5://127.0.0.1", source: "t")
                == ProxyEndpoint(kind: .socks5, host: "127.0.0.1", port: 1080)
        )
        #expect(
            try ProxyEndpoint.parse("http://[::1]:8080/", source: "t")
                == ProxyEndpoint(kind: .http, host: "::1", port: 8080)
        )
        let withCredentials = try ProxyEndpoint.parse("http://a%20b:c%40d@proxy:1", source: "t")
        #expect(withCredentials.username == "a b")
        #expect(withCredentials.password == "c@d")
        #expect(ProxyEndpoint.redacting("http://a:secret@proxy:1") == "http://a:<redacted>@proxy:1")
        #expect(throws: AuditLogsError.self) { try ProxyEndpoint.parse("http://proxy:0", source: "t") }
        #expect(throws: AuditLogsError.self) { try ProxyEndpoint.parse("http://:8080", source: "t") }
    }

    @Test("query strings are sorted and percent-encode everything but unreserved characters")
    func queryString() {
        #expect(QueryString.encode(["b": "2", "a": "1"]) == "a=1&b=2")
        #expect(QueryString.percentEncode("AZaz09-._~") == "AZaz09-._~")
        #expect(QueryString.percentEncode("+/=&?#% ,:") == "%2B%2F%3D%26%3F%23%25%20%2C%3A")
        #expect(QueryString.percentEncode("é😀") == "%C3%A9%F0%9F%98%80")
    }

    @Test("interval calculators: fixed, exponential with and without jitter, capped")
    func intervals() {
        #expect(RetryIntervalCalculator.fixed(.seconds(2)).interval(forRetry: 5) == .seconds(2))
        let backoff = RetryIntervalCalculator.exponentialBackoff(factor: .milliseconds(500), jitter: .none)
        #expect(
            (0..<4).map { backoff.interval(forRetry: $0) } == [
                .milliseconds(500), .seconds(1), .seconds(2), .seconds(4),
            ]
        )
        let capped = RetryIntervalCalculator.exponentialBackoff(jitter: .none, maximum: .seconds(3))
        #expect(capped.interval(forRetry: 40) == .seconds(3))
        for _ in 0..<100 {
            let value = RetryIntervalCalculator.default.interval(forRetry: 0)
            #expect(value >= .milliseconds(500) && value <= .milliseconds(1500))
        }
    }

    @Test("JSONValue keeps integers, doubles and nesting")
    func jsonValue() throws {
        let text = #"{"a":9007199254740993,"b":1.5,"c":[true,null,"x"],"d":{"e":-1}}"#
        let value = try JSONValue(parsing: text)
        #expect(value["a"] == .integer(9_007_199_254_740_993))
        #expect(value["b"] == .double(1.5))
        #expect(value["c"]?[0] == true)
        #expect(value["c"]?[1]?.isNull == true)
        #expect(value["c"]?[5] == nil)
        #expect(value["d"]?["e"]?.intValue == -1)
        let encoded = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: encoded) == value)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "<html>") }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "") }
    }
}

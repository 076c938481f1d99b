import Foundation
import NIOHTTP1

extension AuditLogsClient {
    /// Fetches one page of audit events: `GET logs`.
    ///
    /// Every filter is optional and only the ones given are sent. Results are newest first; pass the page's
    /// ``LogsResponse/nextCursor`` as `cursor` **with the same filters** to get the next page.
    ///
    /// - Parameters:
    ///   - latest: the most recent event to include, in seconds since 1970 (inclusive).
    ///   - oldest: the least recent event to include, in seconds since 1970 (inclusive).
    ///   - action: one action name, such as `user_login`; for several, use a ``LogsQuery`` and
    ///     ``logs(_:cursor:headers:)``.
    ///   - actor: the user ID that performed the action.
    ///   - entity: the ID of the entity acted on.
    ///   - limit: how many entries to ask for, 1 to 9,999.
    ///   - cursor: the previous page's next cursor.
    ///   - additionalQueryParameters: more query parameters; they override the named ones.
    ///   - headers: headers for this call only; they override the client's.
    /// - Throws: ``AuditLogsError`` for a bad argument (nothing is sent), a non-2xx status, `"ok": false`, or a
    ///   transport failure.
    public func logs(
        latest: Int64? = nil,
        oldest: Int64? = nil,
        action: String? = nil,
        actor: String? = nil,
        entity: String? = nil,
        limit: Int? = nil,
        cursor: String? = nil,
        additionalQueryParameters: [String: String] = [:],
        headers: [String: String] = [:]
    ) async throws(AuditLogsError) -> AuditLogsResponse<LogsResponse> {
        let query = LogsQuery(
            latest: latest,
            oldest: oldest,
            actions: action.map { [$0] } ?? [],
            actor: actor,
            entity: entity,
            limit: limit,
            additionalQueryParameters: additionalQueryParameters
        )
        return try await logs(query, cursor: cursor, headers: headers)
    }

    /// Fetches one page of audit events for a ``LogsQuery``.
    ///
    /// - Parameters:
    ///   - query: the filters, validated before anything is sent.
    ///   - cursor: the previous page's next cursor; `nil` or empty for the first page.
    ///   - headers: headers for this call only.
    public func logs(
        _ query: LogsQuery,
        cursor: String? = nil,
        headers: [String: String] = [:]
    ) async throws(AuditLogsError) -> AuditLogsResponse<LogsResponse> {
        let request = try prepareLogs(query, cursor: cursor, headers: headers)
        let response = try await send(request)
        if response.isSuccess {
            let entries = (try? LogsPageScanner.scan(response.body).entries.count) ?? 0
            try checkTypedDecodingLimits(bytes: response.body.count, entries: entries, url: response.url)
        }
        return try decode(response, as: LogsResponse.self)
    }

    /// Fetches the object types the API returns: `GET schemas`. Needs no token.
    public func schemas(
        queryParameters: [String: String] = [:],
        headers: [String: String] = [:]
    ) async throws(AuditLogsError) -> AuditLogsResponse<SchemasResponse> {
        let request = try prepare(
            method: .GET,
            path: "schemas",
            queryParameters: queryParameters,
            body: nil,
            headers: headers
        )
        return try decode(try await send(request), as: SchemasResponse.self)
    }

    /// Fetches the action names by category: `GET actions`. Needs no token.
    public func actions(
        queryParameters: [String: String] = [:],
        headers: [String: String] = [:]
    ) async throws(AuditLogsError) -> AuditLogsResponse<ActionsResponse> {
        let request = try prepare(
            method: .GET,
            path: "actions",
            queryParameters: queryParameters,
            body: nil,
            headers: headers
        )
        return try decode(try await send(request), as: ActionsResponse.self)
    }

    /// Calls any path under the base URL and returns the response **whatever its status**.
    ///
    /// The escape hatch for endpoints or parameters this library does not know yet. Retry handlers still apply.
    ///
    /// - Parameters:
    ///   - method: the HTTP method; the Audit Logs API only uses `GET`.
    ///   - path: the path under the base URL, such as `logs`.
    ///   - queryParameters: the query, percent-encoded and sorted by key.
    ///   - body: a JSON body, sent with `Content-Type: application/json` unless a header says otherwise.
    ///   - headers: headers for this call only.
    /// - Throws: ``AuditLogsError`` only when no response was obtained (bad argument, transport failure).
    public func apiCall(
        method: HTTPMethod = .GET,
        path: String,
        queryParameters: [String: String] = [:],
        body: JSONValue? = nil,
        headers: [String: String] = [:]
    ) async throws(AuditLogsError) -> AuditLogsRawResponse {
        var bytes: [UInt8]?
        if let body {
            // The library's own writer, as for every JSON it writes; JSON has no NaN or infinity, so refuse them
            // rather than send `null` in their place.
            if let path = body.pathOfNonFiniteNumber() {
                throw AuditLogsError(
                    code: .invalidArgument,
                    message: "The body cannot be sent as JSON: the number at \(path) is not finite (NaN or infinity)."
                )
            }
            bytes = body.jsonBytes()
        }
        let request = try prepare(
            method: method,
            path: path,
            queryParameters: queryParameters,
            body: bytes,
            headers: headers
        )
        return rawResponse(try await send(request))
    }

    /// Refuses a page too large to decode into typed models; see ``Configuration/maximumTypedEntries``.
    func checkTypedDecodingLimits(bytes: Int, entries: Int, url: String) throws(AuditLogsError) {
        guard bytes > configuration.maximumTypedBytes || entries > configuration.maximumTypedEntries else { return }
        throw AuditLogsError(
            code: .responseTooLarge,
            message: "The page from \(url) holds \(entries) entries in \(bytes) bytes, more than typed decoding takes "
                + "(\(configuration.maximumTypedEntries) entries, \(configuration.maximumTypedBytes) bytes: models take "
                + "far more memory than the bytes). Read it raw with rawLogs or rawLogPages, or raise "
                + "Configuration.maximumTypedEntries and maximumTypedBytes."
        )
    }

    /// Builds a `GET logs` request: the query validated, its filters, and the cursor unless the query's additional
    /// parameters already name one.
    func prepareLogs(
        _ query: LogsQuery,
        cursor: String?,
        headers: [String: String]
    ) throws(AuditLogsError) -> PreparedRequest {
        try query.validate()
        var parameters = query.queryParameters
        if let cursor, !cursor.isEmpty, query.additionalQueryParameters["cursor"] == nil {
            parameters["cursor"] = cursor
        }
        return try prepare(method: .GET, path: "logs", queryParameters: parameters, body: nil, headers: headers)
    }

    /// Builds a request: URL with its encoded query, and headers in order of precedence
    /// (built-in < configuration's default headers < this call's headers).
    func prepare(
        method: HTTPMethod,
        path: String,
        queryParameters: [String: String],
        body: [UInt8]?,
        headers: [String: String]
    ) throws(AuditLogsError) -> PreparedRequest {
        try HeaderValidation.validate(headers, source: "the call's headers")
        var merged = HTTPHeaders()
        merged.add(name: "User-Agent", value: userAgent)
        merged.add(name: "Accept", value: "application/json")
        merged.add(name: "Accept-Encoding", value: "gzip, deflate")
        if !token.isEmpty { merged.add(name: "Authorization", value: "Bearer \(token.value)") }
        if body != nil { merged.add(name: "Content-Type", value: "application/json; charset=utf-8") }
        for (name, value) in configuration.defaultHeaders.sorted(by: { $0.key < $1.key }) {
            merged.replaceOrAdd(name: name, value: value)
        }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            merged.replaceOrAdd(name: name, value: value)
        }
        let url = endpoint.url(path: path, query: QueryString.encode(queryParameters))
        return PreparedRequest(method: method, url: url, headers: merged, body: body)
    }
}

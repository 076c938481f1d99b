import NIOCore

extension AuditLogsClient {
    /// Fetches one page of `GET logs` as raw entries: the fast, lossless path (no typed decoding).
    ///
    /// - Parameters:
    ///   - query: the filters, sent again with every cursor (Slack's cursor does not carry them).
    ///   - cursor: the previous page's ``RawLogsPage/nextCursor``; `nil` for the first page.
    ///   - headers: headers for this call only.
    /// - Throws: ``AuditLogsError`` as ``logs(_:cursor:headers:)`` does; also ``AuditLogsError/Code/decodingFailed``
    ///   when `entries` is not a list or `next_cursor` is neither a string nor null (paging could not go on safely).
    public func rawLogs(
        _ query: LogsQuery,
        cursor: String? = nil,
        headers: [String: String] = [:]
    ) async throws(AuditLogsError) -> RawLogsPage {
        let response = try await send(try prepareLogs(query, cursor: cursor, headers: headers))
        guard response.isSuccess else { throw makeError(from: response) }
        let body = response.body
        let scanned: LogsPageScanner.Result
        do {
            scanned = try LogsPageScanner.scan(body)
        } catch {
            var failure = makeError(from: response)
            if failure.code == .apiError { failure.code = .notJSON }
            failure.underlying = error
            throw failure
        }
        if scanned.ok == false || scanned.error != nil { throw makeError(from: response) }
        if scanned.entriesProblem != nil || scanned.hasUnreadableCursor {
            var failure = makeError(from: response)
            failure.code = .decodingFailed
            failure.message =
                "The page from \(response.url) cannot be read: "
                + (scanned.entriesProblem ?? "its next_cursor is not a string")
                + ". Stopping rather than skipping events or writing something that is not one."
            throw failure
        }
        return RawLogsPage(
            url: response.url,
            statusCode: response.statusCode,
            headers: response.headers,
            body: body,
            entries: scanned.entries,
            nextCursor: scanned.nextCursor,
            cursor: cursor
        )
    }

    /// Every page of `query`, as an `AsyncSequence` that re-sends the filters with each cursor and ends on an empty
    /// or absent cursor.
    ///
    /// ```swift
    /// for try await page in client.rawLogPages(LogsQuery(oldest: start, limit: 9999)) {
    ///     for entry in page.entries { output.write(entry.bytes) }
    /// }
    /// ```
    ///
    /// Slack's cursors expire: after an `invalid_cursor` the sequence asks again from the oldest second it has
    /// yielded (`latest` set to that second) and leaves out of ``RawLogsPage/entries`` the entries of that second it
    /// already yielded, so each entry comes once. It stops with ``AuditLogsError/Code/repeatedCursor`` if Slack ever
    /// returns a cursor already used, with ``AuditLogsError/Code/invalidCursor`` when restarts bring nothing new, and
    /// with ``AuditLogsError/Code/cancelled`` when the task is cancelled.
    public func rawLogPages(_ query: LogsQuery, headers: [String: String] = [:]) -> RawLogPages {
        RawLogPages(client: self, query: query, headers: headers)
    }

    /// Every entry of `query`, typed, page after page (see ``rawLogPages(_:headers:)``).
    ///
    /// Each page is checked against ``Configuration/maximumTypedEntries`` and ``Configuration/maximumTypedBytes``
    /// before it is decoded.
    public func logEntries(_ query: LogsQuery, headers: [String: String] = [:]) -> LogEntries {
        LogEntries(client: self, pages: rawLogPages(query, headers: headers))
    }
}

/// The pages of a `/logs` query; see ``AuditLogsClient/rawLogPages(_:headers:)``.
public struct RawLogPages: AsyncSequence, Sendable {
    public typealias Element = RawLogsPage

    let client: AuditLogsClient
    let query: LogsQuery
    let headers: [String: String]

    public func makeAsyncIterator() -> Iterator {
        Iterator(client: client, query: query, headers: headers)
    }

    /// Fetches one page per call to `next()`.
    public struct Iterator: AsyncIteratorProtocol {
        let client: AuditLogsClient
        let headers: [String: String]
        private var pager: LogsPager

        init(client: AuditLogsClient, query: LogsQuery, headers: [String: String]) {
            self.client = client
            self.headers = headers
            self.pager = LogsPager(query: query)
        }

        public mutating func next() async throws -> RawLogsPage? {
            guard !pager.isFinished else { return nil }
            if Task.isCancelled {
                pager.finish()
                throw AuditLogsError(code: .cancelled, message: "Paging through /logs was cancelled.")
            }
            return try await client.nextPage(&pager, headers: headers)
        }
    }
}

/// The entries of a `/logs` query, typed; see ``AuditLogsClient/logEntries(_:headers:)``.
public struct LogEntries: AsyncSequence, Sendable {
    public typealias Element = AuditLogEntry

    let client: AuditLogsClient
    let pages: RawLogPages

    public func makeAsyncIterator() -> Iterator {
        Iterator(client: client, pages: pages.makeAsyncIterator())
    }

    /// Yields the entries of one page, then fetches the next.
    public struct Iterator: AsyncIteratorProtocol {
        private let client: AuditLogsClient
        private var pages: RawLogPages.Iterator
        private var buffered: [AuditLogEntry] = []
        private var position = 0

        init(client: AuditLogsClient, pages: RawLogPages.Iterator) {
            self.client = client
            self.pages = pages
        }

        public mutating func next() async throws -> AuditLogEntry? {
            while position == buffered.count {
                guard let page = try await pages.next() else { return nil }
                try client.checkTypedDecodingLimits(bytes: page.body.count, entries: page.entries.count, url: page.url)
                do {
                    // Entry by entry rather than the whole body: after a restart the body holds entries already
                    // yielded, which `entries` leaves out.
                    buffered = try page.entries.map { try $0.decode() }
                } catch {
                    throw AuditLogsError(
                        code: .decodingFailed,
                        message: "A page from \(page.url) could not be decoded: \(error).",
                        underlying: error
                    )
                }
                position = 0
            }
            defer { position += 1 }
            return buffered[position]
        }
    }
}

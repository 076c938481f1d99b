/// Where paging through one `/logs` query stands and what to ask for next: the library's one cursor policy, shared
/// by ``RawLogPages``, ``LogEntries`` and the collector.
///
/// A value type without I/O, driven by ``AuditLogsClient/nextPage(_:headers:)``:
/// - the query's filters, `oldest` and `latest` included, go with every cursor (Slack's cursor does not carry them);
/// - a cursor seen twice stops paging with ``AuditLogsError/Code/repeatedCursor`` rather than looping;
/// - an `invalid_cursor` (Slack's cursors expire) restarts the query from the oldest second yielded so far (`latest`
///   becomes that second, the ``Position/watermark``) and leaves out the entries of that second already yielded, so
///   nothing is yielded twice and nothing is skipped. A restart that yields nothing new before the next
///   `invalid_cursor` counts against ``maximumRestartsWithoutProgress``; past it the error is thrown.
package struct LogsPager: Sendable {
    /// How far paging has gone: enough to resume it later, in another process if need be.
    package struct Position: Sendable, Hashable {
        /// The cursor of the next page; `nil` before the first page, and to restart from ``watermark``.
        package var cursor: String?
        /// The oldest `date_create` yielded so far (entries come newest first), within the query's bounds.
        package var watermark: Int64?
        /// The IDs yielded whose `date_create` is ``watermark``: a restart from that second leaves them out.
        package var boundaryIDs: Set<String>

        /// The position before the first page.
        package init(cursor: String? = nil, watermark: Int64? = nil, boundaryIDs: Set<String> = []) {
            self.cursor = cursor
            self.watermark = watermark
            self.boundaryIDs = boundaryIDs
        }

        /// Notes an entry as yielded, for a restart from the oldest second yielded.
        mutating func record(id: String?, dateCreate: Int64) {
            if let watermark, dateCreate > watermark { return }
            if dateCreate == watermark {
                if let id { boundaryIDs.insert(id) }
            } else {
                watermark = dateCreate
                boundaryIDs = id.map { [$0] } ?? []
            }
        }

        /// Whether an entry was yielded before a restart from ``watermark``.
        func alreadyYielded(id: String?, dateCreate: Int64?) -> Bool {
            // Only the boundary second can come again; an entry newer than the watermark is yielded rather than
            // guessed to be a duplicate, so an out-of-order page never loses an event.
            guard let id, let dateCreate, dateCreate == watermark else { return false }
            return boundaryIDs.contains(id)
        }
    }

    /// A request to make: the query (its `latest` lowered to the watermark after a restart) and the cursor.
    package struct Request: Sendable, Hashable {
        package var query: LogsQuery
        package var cursor: String?
    }

    /// Restarts in a row that yield nothing new before the next `invalid_cursor`.
    package static let maximumRestartsWithoutProgress = 3

    /// The query as given: its bounds are those of every request.
    package let query: LogsQuery
    /// Where paging stands.
    package private(set) var position: Position
    /// Restarts after `invalid_cursor` so far.
    package private(set) var restarts = 0
    /// `true` once the last page was received or paging failed.
    package private(set) var isFinished = false
    private var started: Bool
    private var usedCursors: Set<String>
    private var restartsWithoutProgress = 0

    /// A pager at `position` (the start by default).
    package init(query: LogsQuery, position: Position = Position()) {
        self.query = query
        self.position = position
        self.started = position.cursor != nil || position.watermark != nil
        self.usedCursors = position.cursor.map { [$0] } ?? []
    }

    /// The request for the next page, or `nil` when paging is over.
    package var nextRequest: Request? {
        guard !isFinished else { return nil }
        if let cursor = position.cursor { return Request(query: query, cursor: cursor) }
        var restarted = query
        // Resuming without a cursor: from the oldest second yielded, which may still hold entries not yielded.
        if started, let watermark = position.watermark { restarted.latest = watermark }
        return Request(query: restarted, cursor: nil)
    }

    /// Takes the page that answered ``nextRequest`` and returns it without the entries already yielded.
    ///
    /// - Throws: ``AuditLogsError/Code/repeatedCursor`` when its next cursor was used before; paging is then over.
    package mutating func received(_ page: RawLogsPage) throws(AuditLogsError) -> RawLogsPage {
        started = true
        var fresh: [RawLogEntry] = []
        fresh.reserveCapacity(page.entries.count)
        var left = 0
        for entry in page.entries {
            if position.alreadyYielded(id: entry.id, dateCreate: entry.dateCreate) {
                left += 1
                continue
            }
            fresh.append(entry)
            if let second = entry.dateCreate, isInBounds(second) { position.record(id: entry.id, dateCreate: second) }
        }
        if !fresh.isEmpty { restartsWithoutProgress = 0 }
        if let next = page.nextCursor {
            guard usedCursors.insert(next).inserted else {
                isFinished = true
                throw AuditLogsError(
                    code: .repeatedCursor,
                    message: "Slack returned a cursor that was already used; stopping instead of looping. "
                        + "The pages so far were delivered; start again from the last time you stored."
                )
            }
            position.cursor = next
        } else {
            position.cursor = nil
            isFinished = true
        }
        guard left > 0 else { return page }
        return RawLogsPage(
            url: page.url,
            statusCode: page.statusCode,
            headers: page.headers,
            body: page.body,
            entries: fresh,
            nextCursor: page.nextCursor,
            cursor: page.cursor
        )
    }

    /// Takes the error that answered ``nextRequest``: after an expired cursor, prepares a restart from the
    /// watermark; otherwise paging is over and the error is rethrown.
    package mutating func failed(_ error: AuditLogsError) throws(AuditLogsError) {
        guard error.code == .invalidCursor, position.cursor != nil,
            restartsWithoutProgress < Self.maximumRestartsWithoutProgress
        else {
            isFinished = true
            throw error
        }
        restarts += 1
        restartsWithoutProgress += 1
        position.cursor = nil
        usedCursors = []
    }

    /// Stops paging: ``nextRequest`` is `nil` from now on.
    package mutating func finish() {
        isFinished = true
    }

    private func isInBounds(_ second: Int64) -> Bool {
        if let oldest = query.oldest, second < oldest { return false }
        if let latest = query.latest, second > latest { return false }
        return true
    }
}

extension AuditLogsClient {
    /// Fetches `pager`'s next page, restarting after an expired cursor as its policy says; `nil` when paging is over.
    ///
    /// The page's ``RawLogsPage/entries`` leave out what a restart brought again; its body is as received.
    package func nextPage(
        _ pager: inout LogsPager,
        headers: [String: String] = [:]
    ) async throws(AuditLogsError) -> RawLogsPage? {
        while let request = pager.nextRequest {
            do {
                let page = try await rawLogs(request.query, cursor: request.cursor, headers: headers)
                return try pager.received(page)
            } catch {
                try pager.failed(error)
            }
        }
        return nil
    }
}

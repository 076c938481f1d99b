import Foundation
import SlackAuditLogsCollector
import SlackAuditLogsShipper

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An organization's journal as the active file the collector appends to plus sealed segments
/// (`<journal>.segments/<sequence>-<sealed at>.ndjson`), so that disk use stays bounded.
///
/// The active file is sealed only when it is at least the segment size **and every sink has acknowledged all of
/// it** (each position at the committed end, which is the file's end): a sealed segment is never needed again by
/// a sink, and it is deleted once it has been sealed for longer than the retention. Sealing runs between two polls
/// with the organization's shippers stopped, in steps that a crash at any point leaves resumable: the intent
/// (`<journal>.sealing`: the segment's name and the offset) is saved first; then the file is renamed into the
/// segments folder, the checkpoint and each position are moved to offset 0 of the new, empty journal (each only
/// if still at that offset), and the intent is removed. ``recover()`` finishes an interrupted seal before anything
/// else starts.
struct JournalSegments: Sendable {
    let journal: String
    let checkpoint: String
    /// The sink names (each position is `<journal>.<sink>.position`).
    let sinks: [String]
    let segmentBytes: Int64
    let retention: Int64

    init(_ organization: ServeConfiguration.Organization) {
        journal = organization.journal
        checkpoint = organization.checkpoint
        sinks = organization.sinks.map(\.name)
        segmentBytes = organization.segmentBytes
        retention = organization.retention
    }

    var folder: String { journal + ".segments" }
    var intentPath: String { journal + ".sealing" }

    func positionPath(_ sink: String) -> String { "\(journal).\(sink).position" }

    // MARK: Decisions

    /// Whether the active journal is to be sealed: large enough, wholly committed and wholly delivered.
    static func shouldSeal(journalSize: Int64, committed: Int64?, positions: [Int64], segmentBytes: Int64) -> Bool {
        journalSize > 0 && journalSize >= segmentBytes && committed == journalSize
            && positions.allSatisfy { $0 == journalSize }
    }

    /// The segment file names (`<sequence>-<sealed at>.ndjson`) sealed for longer than `retention` at `now`.
    static func expired(_ names: [String], now: Int64, retention: Int64) -> [String] {
        names.filter { name in
            guard let sealedAt = sealedAt(name) else { return false }
            return now - sealedAt >= retention
        }
    }

    static func sealedAt(_ name: String) -> Int64? {
        guard name.hasSuffix(".ndjson") else { return nil }
        let parts = name.dropLast(".ndjson".count).split(separator: "-")
        guard parts.count == 2, Int64(parts[0]) != nil else { return nil }
        return Int64(parts[1])
    }

    static func sequence(_ name: String) -> Int64? {
        guard sealedAt(name) != nil else { return nil }
        return name.split(separator: "-").first.flatMap { Int64($0) }
    }

    // MARK: Reading the files

    private static func size(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// The sealed segments' names, oldest first.
    func segmentNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { Self.sealedAt($0) != nil }.sorted { (Self.sequence($0) ?? 0) < (Self.sequence($1) ?? 0) }
    }

    /// Bytes on disk: the active journal, its checkpoint and every segment.
    func diskUsage() -> Int64 {
        var total = [journal, checkpoint].compactMap(Self.size).reduce(0, +)
        for name in segmentNames() { total += Self.size("\(folder)/\(name)") ?? 0 }
        return total
    }

    /// Whether sealing is due now, read without any lock (the shippers may be running; ``seal(now:)`` checks again
    /// once they are stopped).
    func isSealDue() -> Bool {
        guard let size = Self.size(journal), size >= segmentBytes else { return false }
        guard let committed = try? CheckpointStore(path: checkpoint).load()?.outputOffset else { return false }
        var positions: [Int64] = []
        for sink in sinks {
            guard let position = try? ShipperPosition.load(path: positionPath(sink), sink: sink) else { return false }
            positions.append(position.offset)
        }
        return Self.shouldSeal(
            journalSize: size,
            committed: committed,
            positions: positions,
            segmentBytes: segmentBytes
        )
    }

    // MARK: Changing them

    struct Intent: Codable, Equatable {
        var segment: String
        var offset: Int64
    }

    /// Seals the active journal when it is due; returns the segment's name, or nil when it was not due. The
    /// collector and every shipper of the organization must be stopped.
    func seal(now: Int64) throws -> String? {
        guard isSealDue(), let size = Self.size(journal) else { return nil }
        let next = (segmentNames().last.flatMap(Self.sequence) ?? 0) + 1
        let intent = Intent(segment: String(format: "%06lld-%lld.ndjson", next, now), offset: size)
        try POSIXFile.replaceAtomically(
            intentPath,
            with: Array(try JSONEncoder().encode(intent)),
            purpose: "the intent"
        )
        try finish(intent)
        return intent.segment
    }

    /// Finishes a seal a crash interrupted; does nothing when none was under way.
    func recover() throws {
        guard let data = FileManager.default.contents(atPath: intentPath) else { return }
        let intent: Intent
        do {
            intent = try JSONDecoder().decode(Intent.self, from: data)
        } catch {
            throw CLIError(
                message: "\(intentPath) is not a sealing intent this program wrote.",
                hint: "Compare \(journal) with the newest file in \(folder), then remove \(intentPath).",
                exitCode: ExitStatus.failure
            )
        }
        try finish(intent)
    }

    private func finish(_ intent: Intent) throws {
        try FileManager.default.createDirectory(
            atPath: folder,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        let segment = "\(folder)/\(intent.segment)"
        if Self.size(segment) == nil {
            guard Self.size(journal) == intent.offset else {
                throw CLIError(
                    message: "\(journal) is not the \(intent.offset) bytes \(intentPath) says were being sealed.",
                    hint: "Check the journal, then remove \(intentPath).",
                    exitCode: ExitStatus.failure
                )
            }
            guard rename(journal, segment) == 0 else {
                throw CLIError(
                    message: "Cannot move \(journal) to \(segment): \(String(cString: strerror(errno))).",
                    hint: nil,
                    exitCode: ExitStatus.failure
                )
            }
            Self.syncFolder(folder)
            Self.syncFolder((journal as NSString).deletingLastPathComponent)
        }
        _ = try CheckpointStore(path: checkpoint).outputMoved(atOffset: intent.offset)
        for sink in sinks {
            _ = try ShipperFiles.journalMoved(journalPath: journal, sink: sink, atOffset: intent.offset)
        }
        guard unlink(intentPath) == 0 || errno == ENOENT else {
            throw CLIError(
                message: "Cannot remove \(intentPath): \(String(cString: strerror(errno))).",
                hint: nil,
                exitCode: ExitStatus.failure
            )
        }
    }

    /// Deletes the segments sealed for longer than the retention; returns their names.
    func removeExpired(now: Int64) -> [String] {
        let expired = Self.expired(segmentNames(), now: now, retention: retention)
        return expired.filter { unlink("\(folder)/\($0)") == 0 }
    }

    private static func syncFolder(_ path: String) {
        let descriptor = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

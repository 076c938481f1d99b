import Foundation

/// The position a `/logs` cursor points at: the next event to return, by its sort key, plus when it was issued.
///
/// Encoded as standard base64 of a fixed-size, checksummed payload whose first bytes always encode as `+/+/` and
/// whose length always ends in `=` padding, so clients that do not percent-encode cursors break here as they would
/// against Slack. Like Slack's, the cursor carries no filters.
struct LogsCursor: Sendable, Equatable {
    /// The `date_create` of the next event to return.
    var dateCreate: Int64
    /// The ID of the next event to return (ties in the same second are ordered by ID).
    var id: EventID
    /// When the cursor was issued, in seconds since 1970 (for expiry).
    var issuedAt: Int64

    private static let magic: [UInt8] = [0xFB, 0xFF, 0xBF]
    private static let version: UInt8 = 1
    /// 3 magic + 1 version + 4 × 8 fields + 8 checksum = 44 bytes: base64 of it ends in one `=`.
    private static let payloadLength = 44

    func encoded(secret: UInt64) -> String {
        var bytes = Self.magic
        bytes.append(Self.version)
        for field in [UInt64(bitPattern: dateCreate), id.high, id.low, UInt64(bitPattern: issuedAt)] {
            Self.append(field, to: &bytes)
        }
        Self.append(Self.checksum(bytes, secret: secret), to: &bytes)
        return Data(bytes).base64EncodedString()
    }

    /// The cursor, or `nil` when the text was not issued by this simulator (malformed, tampered, another secret).
    init?(decoding text: String, secret: UInt64) {
        guard let data = Data(base64Encoded: text), data.count == Self.payloadLength else { return nil }
        let bytes = Array(data)
        guard Array(bytes[0..<3]) == Self.magic, bytes[3] == Self.version else { return nil }
        let fields = (0..<5).map { Self.read(bytes, at: 4 + $0 * 8) }
        guard fields[4] == Self.checksum(Array(bytes[0..<36]), secret: secret) else { return nil }
        self.dateCreate = Int64(bitPattern: fields[0])
        self.id = EventID(high: fields[1], low: fields[2])
        self.issuedAt = Int64(bitPattern: fields[3])
    }

    init(dateCreate: Int64, id: EventID, issuedAt: Int64) {
        self.dateCreate = dateCreate
        self.id = id
        self.issuedAt = issuedAt
    }

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    private static func read(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        bytes[offset..<(offset + 8)].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// FNV-1a over the secret and the payload: enough to detect tampering in tests, not a security boundary.
    private static func checksum(_ bytes: [UInt8], secret: UInt64) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        var secretBytes: [UInt8] = []
        append(secret, to: &secretBytes)
        for byte in secretBytes + bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

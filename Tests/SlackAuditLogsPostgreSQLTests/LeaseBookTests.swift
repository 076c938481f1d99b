import Testing

@testable import SlackAuditLogsPostgreSQL

/// Every lease decision of an instance, without a database: validity on the instance's own clock, renewals,
/// losses, the fair share, giving back to balance, and fencing.
@Suite("Lease decisions")
struct LeaseBookTests {
    static func book(ttl: Int = 15, wanted: [String] = ["a", "b", "c", "d", "e"]) -> LeaseBook {
        var book = LeaseBook(ttl: .seconds(ttl))
        book.want(wanted)
        return book
    }

    @Test(
        "a lease is usable until its TTL (less a margin) after the claim was sent; a renewal extends it from its own sending"
    )
    func validity() {
        var book = Self.book()
        #expect(book.interval == .seconds(5))
        book.claimed("a", epoch: 7, sentAt: .seconds(100))
        #expect(book.usable("a", now: .seconds(100)) == 7)
        #expect(book.refusal("a", epoch: 7, now: .seconds(113)) == nil)
        #expect(book.refusal("a", epoch: 7, now: .seconds(114))?.contains("not renewed in time") == true)
        #expect(book.refusal("a", epoch: 6, now: .seconds(101))?.contains("no longer holds") == true)
        let requested = book.renewals(now: .seconds(105))
        #expect(requested.map(\.organization) == ["a"])
        book.renewed([("a", 7)], requested: requested, sentAt: .seconds(105))
        #expect(book.refusal("a", epoch: 7, now: .seconds(118)) == nil)
        #expect(book.usable("a", now: .seconds(119)) == nil)
    }

    @Test("a lease the database did not renew is lost at once; one past its validity is not renewed")
    func losses() {
        var book = Self.book()
        book.claimed("a", epoch: 1, sentAt: .zero)
        book.claimed("b", epoch: 4, sentAt: .zero)
        let requested = book.renewals(now: .seconds(5))
        let lost = book.renewed([("b", 4)], requested: requested, sentAt: .seconds(5))
        #expect(lost == ["a"])
        #expect(book.usable("a", now: .seconds(6)) == nil)
        #expect(book.usable("b", now: .seconds(6)) == 4)
        // Paused past its validity (a SIGSTOP): dropped, not renewed — its worker has stopped by then.
        #expect(book.renewals(now: .seconds(40)).isEmpty)
        #expect(book.held.isEmpty)
    }

    @Test(
        "instances share the organizations: claims up to the fair share; the newest lease above it is given back once held two TTLs, and not claimed again for a while"
    )
    func balance() {
        var book = Self.book()
        #expect(book.fairShare(instances: 1) == 5)
        #expect(book.fairShare(instances: 2) == 3)
        #expect(book.fairShare(instances: 3) == 2)
        #expect(book.claimsWanted(instances: 3) == 2)
        for (index, name) in ["a", "b", "c", "d", "e"].enumerated() {
            book.claimed(name, epoch: 1, sentAt: .seconds(index))
        }
        #expect(book.claimsWanted(instances: 3) == 0)
        #expect(book.leaseToGiveBack(instances: 3, now: .seconds(20)) == nil, "held for less than two TTLs")
        #expect(book.leaseToGiveBack(instances: 3, now: .seconds(34)) == "e")
        #expect(book.refusal("e", epoch: 1, now: .seconds(34))?.contains("giving") == true)
        #expect(book.leaseToGiveBack(instances: 3, now: .seconds(34)) == "d")
        #expect(book.leaseToGiveBack(instances: 3, now: .seconds(34)) == "c")
        #expect(book.leaseToGiveBack(instances: 3, now: .seconds(34)) == nil, "two are its share")
        book.released("e", epoch: 1)
        #expect(book.notClaimable(now: .seconds(40)).contains("e"), "given back lately")
        #expect(!book.notClaimable(now: .seconds(80)).contains("e"))
        #expect(
            !book.renewals(now: .seconds(35)).contains { $0.organization == "d" },
            "a lease given back is not renewed"
        )
    }

    @Test("an organization removed from the configuration is given back first, whatever the share")
    func removed() {
        var book = Self.book(wanted: ["a", "b"])
        book.claimed("a", epoch: 1, sentAt: .zero)
        book.claimed("b", epoch: 1, sentAt: .zero)
        book.want(["a"])
        #expect(book.leaseToGiveBack(instances: 1, now: .seconds(1)) == "b")
    }

    @Test("a fenced commit drops the lease at once; a fence or release of an older epoch does not touch a newer lease")
    func fencing() {
        var book = Self.book()
        book.claimed("a", epoch: 3, sentAt: .zero)
        book.fenced("a", epoch: 2)
        book.released("a", epoch: 2)
        #expect(book.usable("a", now: .seconds(1)) == 3)
        book.fenced("a", epoch: 3)
        #expect(book.usable("a", now: .seconds(1)) == nil)
    }
}

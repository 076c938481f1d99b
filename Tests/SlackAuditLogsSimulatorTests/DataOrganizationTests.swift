import SlackAuditLogsSimulator
import Testing

@Suite("Simulated organization")
struct DataOrganizationTests {
    @Test("The same seed gives an identical organization; another seed a different one")
    func determinism() throws {
        let first = try SimulatedOrganization(seed: 42)
        let second = try SimulatedOrganization(seed: 42)
        let other = try SimulatedOrganization(seed: 43)
        #expect(first == second)
        #expect(first.users.map(\.id) == second.users.map(\.id))
        #expect(first != other)
        #expect(first.users.map(\.id) != other.users.map(\.id))
        #expect(first.channels.map(\.id) != other.channels.map(\.id))
    }

    @Test("Sizes follow the configuration")
    func sizes() throws {
        let configuration = SimulatedOrganization.Configuration(
            workspaces: 5,
            users: 120,
            channels: 70,
            files: 90,
            apps: 60,
            workflows: 3,
            workflowsV2: 4,
            usergroups: 22,
            barriers: 2,
            roles: 20,
            accountTypeRoles: 9,
            huddles: 11,
            lists: 13,
            functions: 14,
            messages: 15
        )
        let organization = try SimulatedOrganization(seed: 3, configuration: configuration)
        let expected: [EntityKind: Int] = [
            .workspace: 5, .user: 120, .channel: 70, .file: 90, .app: 60, .workflow: 3, .workflowV2: 4,
            .usergroup: 22, .barrier: 2, .role: 20, .accountTypeRole: 9, .huddle: 11, .list: 13, .function: 14,
            .message: 15, .enterprise: 1,
        ]
        for kind in EntityKind.allCases {
            #expect(organization.count(of: kind) == expected[kind], "\(kind)")
        }
        #expect(organization.roles.filter { $0.type == "custom" }.count == 5)
        #expect(organization.roles.contains { $0.name == "Channels Admin" })
    }

    @Test("IDs have Slack's prefixes and are unique across the organization")
    func identifiers() throws {
        let organization = try SimulatedOrganization(seed: 9)
        func check(_ ids: [String], _ prefixes: [String]) {
            for id in ids {
                #expect(prefixes.contains { id.hasPrefix($0) }, "\(id)")
                #expect(id.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0.isLowercase) })
            }
        }
        check([organization.enterprise.id], ["E0"])
        check(organization.workspaces.map(\.id), ["T0"])
        check(organization.users.map(\.id), ["W0", "U0"])
        check(organization.channels.map(\.id), ["C0"])
        check(organization.files.map(\.id) + organization.lists.map(\.id), ["F0"])
        check(organization.apps.map(\.id), ["A0"])
        check(organization.workflows.map(\.id) + organization.workflowsV2.map(\.id), ["Wf0"])
        check(organization.usergroups.map(\.id), ["S0"])
        check(organization.barriers.map(\.id), ["Bar0"])
        check(organization.roles.map(\.id) + organization.accountTypeRoles.map(\.id), ["Rl0"])
        check(organization.huddles.map(\.id), ["R0"])
        check(organization.functions.map(\.id), ["Fn0"])
        #expect(organization.users.contains { $0.id.hasPrefix("W0") })
        #expect(organization.users.contains { $0.id.hasPrefix("U0") })
        var all: [String] = [organization.enterprise.id]
        for kind in EntityKind.allCases where kind != .enterprise && kind != .message {
            all += (0..<organization.count(of: kind)).compactMap {
                organization.entityID(for: EntityReference(kind: kind, index: UInt32($0)))
            }
        }
        #expect(Set(all).count == all.count)
        let timestamps = organization.messages.map(\.timestamp)
        #expect(Set(timestamps).count == timestamps.count)
        #expect(timestamps.allSatisfy { $0.split(separator: ".").map(\.count) == [10, 6] })
    }

    @Test("Users look real: company emails, teams, account types, and a few names needing escapes")
    func users() throws {
        let organization = try SimulatedOrganization(seed: 5, configuration: .init(users: 2_000))
        let domain = organization.enterprise.emailDomain
        let members = organization.users.filter { !["restricted", "ultra_restricted"].contains($0.accountType) }
        #expect(members.allSatisfy { $0.email.hasSuffix("@" + domain) })
        #expect(Set(organization.users.map(\.email)).count == organization.users.count)
        #expect(organization.users[0].accountType == "primary_owner")
        let teams = Set(organization.workspaces.map(\.id) + [organization.enterprise.id])
        #expect(organization.users.allSatisfy { teams.contains($0.team) })
        #expect(Set(organization.users.map(\.accountType)).isSuperset(of: ["user", "admin", "restricted"]))
        #expect(organization.users.contains { $0.name.contains("\"") })
        #expect(organization.users.contains { $0.name.unicodeScalars.contains { !$0.isASCII } })
        #expect(organization.channels.contains { $0.privacy == "mpim" })
        #expect(organization.channels.contains { $0.isShared && !$0.teamsSharedWith.isEmpty })
        #expect(organization.channels.contains { $0.isOrgShared && $0.teamsSharedWith.count >= 2 })
        #expect(organization.huddles.allSatisfy { $0.dateEnd > $0.dateStart && $0.participants.count >= 2 })
        #expect(organization.workflowsV2.allSatisfy { !$0.steps.isEmpty && !$0.callbackID.isEmpty })
    }

    @Test("Lookups answer nil out of range")
    func lookups() throws {
        let organization = try SimulatedOrganization(seed: 5)
        #expect(organization.userID(at: 0) == organization.users[0].id)
        #expect(organization.userID(at: UInt32(organization.users.count)) == nil)
        #expect(organization.entityID(for: EntityReference(kind: .enterprise, index: 0)) == organization.enterprise.id)
        #expect(organization.entityID(for: EntityReference(kind: .enterprise, index: 1)) == nil)
        #expect(organization.entityID(for: EntityReference(kind: .channel, index: .max)) == nil)
        #expect(
            organization.entityID(for: EntityReference(kind: .message, index: 0)) == organization.messages[0].timestamp
        )
    }

    @Test("Out-of-range sizes throw typed errors")
    func invalidConfiguration() {
        let invalid: [SimulatedOrganization.Configuration] = [
            .init(workspaces: 0), .init(workspaces: 1_001), .init(users: 0), .init(channels: -1),
            .init(messages: SimulatedOrganization.Configuration.maximumCount + 1), .init(referenceTime: -5),
        ]
        for configuration in invalid {
            #expect(throws: SimulationError.self) { try SimulatedOrganization(seed: 1, configuration: configuration) }
            do {
                _ = try SimulatedOrganization(seed: 1, configuration: configuration)
            } catch {
                #expect(error.code == .invalidConfiguration)
                #expect(!error.message.isEmpty)
            }
        }
    }
}

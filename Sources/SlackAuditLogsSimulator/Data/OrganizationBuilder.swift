/// Draws a ``SimulatedOrganization`` from a seed, kind after kind, in a fixed order so that the result depends on
/// nothing but the seed and the configuration.
struct OrganizationBuilder {
    typealias Organization = SimulatedOrganization

    private var random: SimulationRandom
    private var identifiers = SlackIdentifierFactory()
    private let configuration: Organization.Configuration
    let enterprise: Organization.Enterprise
    let workspaces: [Organization.Workspace]

    init(seed: UInt64, configuration: Organization.Configuration) {
        var random = SimulationRandom(seed: seed, stream: 0x6F72_6761_6E69_7A65)
        var identifiers = SlackIdentifierFactory()
        let company = SimulatedVocabulary.companies[random.below(SimulatedVocabulary.companies.count)]
        enterprise = Organization.Enterprise(
            id: identifiers.make("E0", using: &random),
            name: company.0,
            domain: company.1,
            emailDomain: company.2
        )
        let shortName = company.0.split(separator: " ").first.map(String.init) ?? company.0
        var workspaces: [Organization.Workspace] = []
        for index in 0..<configuration.workspaces {
            let suffixes = SimulatedVocabulary.workspaceSuffixes
            let suffix = suffixes[index % suffixes.count]
            let round = index / suffixes.count
            let number = round == 0 ? "" : " \(round + 1)"
            workspaces.append(
                Organization.Workspace(
                    id: identifiers.make("T0", using: &random),
                    name: "\(shortName) \(suffix.0)\(number)",
                    domain: "\(company.1)-\(suffix.1)\(round == 0 ? "" : "\(round + 1)")"
                )
            )
        }
        self.workspaces = workspaces
        self.random = random
        self.identifiers = identifiers
        self.configuration = configuration
    }

    private mutating func id(_ prefix: String) -> String {
        identifiers.make(prefix, using: &random)
    }

    private mutating func pick<Element>(_ elements: [Element]) -> Element? {
        elements.isEmpty ? nil : elements[random.below(elements.count)]
    }

    /// `count` distinct elements of `pool` (fewer when the pool is smaller), in pool order.
    private mutating func sample<Element>(_ pool: [Element], count: Int) -> [Element] {
        var chosen = Set<Int>()
        let wanted = min(count, pool.count)
        while chosen.count < wanted {
            chosen.insert(random.below(pool.count))
        }
        return chosen.sorted().map { pool[$0] }
    }

    /// A name from `pool`, numbered once the pool is used up: `Engineering`, …, `Engineering 2`.
    private func numbered(_ pool: [String], _ index: Int) -> String {
        let round = index / pool.count
        return round == 0 ? pool[index] : "\(pool[index % pool.count]) \(round + 1)"
    }

    /// A user ID, for attributes that name one.
    private mutating func userID(_ users: [Organization.User]) -> String {
        pick(users)?.id ?? ""
    }

    mutating func makeUsers() -> [Organization.User] {
        var users: [Organization.User] = []
        users.reserveCapacity(configuration.users)
        var emails: Set<String> = []
        var emailSuffixes: [String: Int] = [:]
        for index in 0..<configuration.users {
            let first = SimulatedVocabulary.firstNames[random.below(SimulatedVocabulary.firstNames.count)]
            let last = SimulatedVocabulary.lastNames[random.below(SimulatedVocabulary.lastNames.count)]
            var name = "\(first.0) \(last.0)"
            if random.chance(0.03) {
                let nickname = SimulatedVocabulary.nicknames[random.below(SimulatedVocabulary.nicknames.count)]
                name = "\(first.0) \"\(nickname)\" \(last.0)"
            }
            let accountType = index == 0 ? "primary_owner" : drawAccountType()
            let isGuest = accountType == "restricted" || accountType == "ultra_restricted"
            let domain =
                isGuest
                ? SimulatedVocabulary.guestEmailDomains[random.below(SimulatedVocabulary.guestEmailDomains.count)]
                : enterprise.emailDomain
            let local = "\(first.1).\(last.1)"
            let plain = "\(local)@\(domain)"
            var email = plain
            if !emails.insert(plain).inserted {
                // Numbered from where the last duplicate of this address stopped, so that large orgs stay fast.
                var suffix = emailSuffixes[plain, default: 2]
                repeat {
                    email = "\(local)\(suffix)@\(domain)"
                    suffix += 1
                } while !emails.insert(email).inserted
                emailSuffixes[plain] = suffix
            }
            let workspace = random.below(workspaces.count)
            let isOrgLevel = ["primary_owner", "owner", "admin"].contains(accountType) && random.chance(0.7)
            users.append(
                Organization.User(
                    id: id(random.chance(0.85) ? "W0" : "U0"),
                    name: name,
                    firstName: first.0,
                    lastName: last.0,
                    displayName: random.chance(0.5) ? first.0 : "\(first.1).\(last.1)",
                    email: email,
                    team: isOrgLevel ? enterprise.id : workspaces[workspace].id,
                    workspace: workspace,
                    accountType: accountType
                )
            )
        }
        return users
    }

    private mutating func drawAccountType() -> String {
        var draw = random.unit()
        for (type, share) in SimulatedVocabulary.accountTypes {
            if draw < share { return type }
            draw -= share
        }
        return "user"
    }

    mutating func makeChannels(users: [Organization.User]) -> [Organization.Channel] {
        var channels: [Organization.Channel] = []
        channels.reserveCapacity(configuration.channels)
        var names: Set<String> = []
        var nameSuffixes: [String: Int] = [:]
        let fixed = ["general", "random", "announcements"]
        for index in 0..<configuration.channels {
            let workspace = random.below(workspaces.count)
            let draw = random.unit()
            let privacy =
                index < fixed.count
                ? "public" : draw < 0.55 ? "public" : draw < 0.85 ? "private" : draw < 0.95 ? "mpim" : "im"
            var name: String
            switch privacy {
            case "mpim":
                let members = (0..<3).map { _ in pick(users)?.firstName.lowercased() ?? "member" }
                name = "mpdm-\(members.joined(separator: "--"))-1"
            case "im":
                name = pick(users)?.id ?? "dm"
            default:
                if index < fixed.count {
                    name = fixed[index]
                } else {
                    let prefix = pick(SimulatedVocabulary.channelPrefixes) ?? "team"
                    let topic = pick(SimulatedVocabulary.channelTopics) ?? "misc"
                    name = "\(prefix)-\(topic)"
                }
            }
            var candidate = name
            if !names.insert(name).inserted {
                var number = nameSuffixes[name, default: 2]
                repeat {
                    candidate = "\(name)-\(number)"
                    number += 1
                } while !names.insert(candidate).inserted
                nameSuffixes[name] = number
            }
            let isConversation = privacy == "public" || privacy == "private"
            let sharing = random.unit()
            let isOrgShared = isConversation && workspaces.count > 1 && sharing < 0.08
            let isShared = isConversation && sharing >= 0.08 && sharing < 0.15
            var teamsSharedWith: [String] = []
            if isOrgShared {
                teamsSharedWith = sample(workspaces.map(\.id), count: 2 + random.below(workspaces.count - 1))
            } else if isShared {
                teamsSharedWith = [workspaces[workspace].id] + (0...random.below(2)).map { _ in id("T0") }
            }
            channels.append(
                Organization.Channel(
                    id: id("C0"),
                    name: candidate,
                    privacy: privacy,
                    workspace: workspace,
                    isShared: isShared,
                    isOrgShared: isOrgShared,
                    isSalesforceChannel: isConversation && random.chance(0.02),
                    teamsSharedWith: teamsSharedWith,
                    originalConnectedChannelID: isShared && random.chance(0.3) ? id("C0") : nil
                )
            )
        }
        return channels
    }

    mutating func makeFiles() -> [Organization.File] {
        (0..<configuration.files).map { _ in
            let title = pick(SimulatedVocabulary.fileTitles) ?? "Untitled"
            let type = pick(SimulatedVocabulary.fileTypes) ?? ("txt", "text")
            let slug = title.lowercased().split(whereSeparator: { $0 == " " }).joined(separator: "-")
            return Organization.File(id: id("F0"), name: "\(slug).\(type.0)", title: title, filetype: type.1)
        }
    }

    mutating func makeApps(users: [Organization.User]) -> [Organization.App] {
        (0..<configuration.apps).map { index in
            let isWorkflowApp = random.chance(0.15)
            let name =
                index < SimulatedVocabulary.appNames.count
                ? SimulatedVocabulary.appNames[index] : "Custom App \(index + 1)"
            return Organization.App(
                id: id("A0"),
                name: isWorkflowApp ? "\(name) Workflows" : name,
                scopes: sample(SimulatedVocabulary.userScopes, count: 1 + random.below(5)),
                botScopes: sample(SimulatedVocabulary.botScopes, count: 2 + random.below(7)),
                isDistributed: random.chance(0.6),
                isDirectoryApproved: random.chance(0.5),
                isWorkflowApp: isWorkflowApp,
                creator: userID(users),
                team: workspaces[random.below(workspaces.count)].id
            )
        }
    }

    mutating func makeWorkflows() -> [Organization.Workflow] {
        (0..<configuration.workflows).map { index in
            Organization.Workflow(
                id: id("Wf0"),
                name: numbered(SimulatedVocabulary.workflowNames, index),
                domain: workspaces[random.below(workspaces.count)].domain
            )
        }
    }

    mutating func makeWorkflowsV2(apps: [Organization.App], users: [Organization.User]) -> [Organization.WorkflowV2] {
        (0..<configuration.workflowsV2).map { index in
            let name = numbered(
                SimulatedVocabulary.workflowNames,
                (index + 7) % (SimulatedVocabulary.workflowNames.count * 4)
            )
            let app = pick(apps)?.id ?? ""
            let steps = (0...random.below(4)).map { _ in
                let step = SimulatedVocabulary.workflowSteps[random.below(SimulatedVocabulary.workflowSteps.count)]
                return Organization.WorkflowV2.Step(
                    name: step.0,
                    functionAppID: step.1 == nil ? SimulatedVocabulary.builtinFunctionAppID : pick(apps)?.id ?? app,
                    functionType: step.2
                )
            }
            return Organization.WorkflowV2(
                id: id("Wf0"),
                name: name,
                appID: app,
                callbackID: name.lowercased().split(separator: " ").joined(separator: "_"),
                dateUpdated: configuration.referenceTime - random.integer(in: 0...90 * 86_400),
                updatedBy: userID(users),
                steps: steps
            )
        }
    }

    mutating func makeUsergroups() -> [Organization.UserGroup] {
        (0..<configuration.usergroups).map { index in
            Organization.UserGroup(id: id("S0"), name: numbered(SimulatedVocabulary.usergroupNames, index))
        }
    }

    mutating func makeBarriers(usergroups: [Organization.UserGroup]) -> [Organization.Barrier] {
        (0..<configuration.barriers).map { _ in
            let primary = random.below(usergroups.count)
            var others: Set<Int> = []
            for _ in 0..<(1 + random.below(3)) where usergroups.count > 1 {
                others.insert((primary + 1 + random.below(usergroups.count - 1)) % usergroups.count)
            }
            return Organization.Barrier(
                id: id("Bar0"),
                primaryUsergroup: usergroups[primary].id,
                barrieredFromUsergroups: others.sorted().map { usergroups[$0].id },
                restrictedSubjects: sample(SimulatedVocabulary.barrierSubjects, count: 1 + random.below(3))
            )
        }
    }

    mutating func makeRoles() -> [Organization.Role] {
        (0..<configuration.roles).map { index in
            let names = SimulatedVocabulary.roleNames
            let isSystem = index < names.count
            return Organization.Role(
                id: id("Rl0"),
                name: isSystem ? names[index] : "Custom Role \(index - names.count + 1)",
                type: isSystem ? "system" : "custom"
            )
        }
    }

    mutating func makeAccountTypeRoles() -> [Organization.AccountTypeRole] {
        (0..<configuration.accountTypeRoles).map { index in
            Organization.AccountTypeRole(
                id: id("Rl0"),
                name: numbered(SimulatedVocabulary.accountTypeRoleNames, index)
            )
        }
    }

    mutating func makeHuddles(channels: [Organization.Channel], users: [Organization.User]) -> [Organization.Huddle] {
        let userIDs = users.map(\.id)
        return (0..<configuration.huddles).map { _ in
            let start = configuration.referenceTime - random.integer(in: 3_600...90 * 86_400)
            return Organization.Huddle(
                id: id("R0"),
                channel: pick(channels)?.id ?? "",
                dateStart: start,
                dateEnd: start + random.integer(in: 60...5_400),
                participants: sample(userIDs, count: 2 + random.below(7))
            )
        }
    }

    mutating func makeLists() -> [Organization.List] {
        (0..<configuration.lists).map { index in
            Organization.List(id: id("F0"), title: numbered(SimulatedVocabulary.listTitles, index))
        }
    }

    mutating func makeFunctions(apps: [Organization.App]) -> [Organization.Function] {
        (0..<configuration.functions).map { index in
            let callbacks = SimulatedVocabulary.functionCallbacks
            let round = index / callbacks.count
            let callback = callbacks[index % callbacks.count] + (round == 0 ? "" : "_\(round + 1)")
            return Organization.Function(id: id("Fn0"), appID: pick(apps)?.id ?? "", callbackID: callback)
        }
    }

    mutating func makeMessages(
        channels: [Organization.Channel],
        workspaces: [Organization.Workspace]
    ) -> [Organization.Message] {
        var timestamps: Set<String> = []
        return (0..<configuration.messages).map { _ in
            let channel = channels[random.below(channels.count)]
            var timestamp: String
            repeat {
                let seconds = configuration.referenceTime - random.integer(in: 60...90 * 86_400)
                let micros = String(random.below(1_000_000))
                timestamp = "\(seconds).\(String(repeating: "0", count: 6 - micros.count))\(micros)"
            } while !timestamps.insert(timestamp).inserted
            return Organization.Message(
                channel: channel.id,
                team: workspaces[channel.workspace].id,
                timestamp: timestamp
            )
        }
    }
}

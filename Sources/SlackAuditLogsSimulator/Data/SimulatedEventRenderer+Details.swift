extension SimulatedEventRenderer {
    /// Writes the members of `details` for the action's family, each with a leading comma; nothing for actions
    /// that carry no details.
    // swift-format-ignore: FunctionBodyLength
    func writeDetails(
        _ family: DetailsFamily,
        _ input: DetailsInput,
        random: inout SimulationRandom,
        to out: inout EventJSONWriter
    ) {
        switch family {
        case .none: break
        case .login: writeLogin(input, random: &random, to: &out)
        case .loginFailed: writeLoginFailure(input, random: &random, to: &out)
        case .sessionReset: writeSessionReset(input, random: &random, to: &out)
        case .anomaly: writeAnomaly(input, random: &random, to: &out)
        case .profile: writeProfileChange(input, random: &random, to: &out)
        case .emailChange: writeEmailChange(input, random: &random, to: &out)
        case .invitation: writeInvitation(input, random: &random, to: &out)
        case .guestExpiration: writeGuestExpiration(input, random: &random, to: &out)
        case .userMapping: writeUserMapping(input, random: &random, to: &out)
        case .passwordReset: writePasswordReset(input, random: &random, to: &out)
        case .preference: writePreference(input, random: &random, to: &out)
        case .accountTypeChange: writeAccountTypeChange(input, random: &random, to: &out)
        case .roleAssignment: writeRoleAssignment(input, random: &random, to: &out)
        case .roleDefinition: writeRoleDefinition(input, random: &random, to: &out)
        case .permissions: writePermissions(input, random: &random, to: &out)
        case .export: writeExport(input, random: &random, to: &out)
        case .usergroup: writeUsergroup(input, random: &random, to: &out)
        case .barrier: writeBarrier(input, random: &random, to: &out)
        case .legalHold: writeLegalHold(input, random: &random, to: &out)
        case .identityProvider: writeIdentityProvider(input, random: &random, to: &out)
        case .salesforce: writeSalesforce(input, random: &random, to: &out)
        case .unsupportedVersions: writeUnsupportedVersions(input, random: &random, to: &out)
        case .emoji: writeEmoji(input, random: &random, to: &out)
        case .authPolicy: writeAuthPolicy(input, random: &random, to: &out)
        case .ipRange: writeIPRange(input, random: &random, to: &out)
        case .domain: writeDomain(input, random: &random, to: &out)
        case .migration: writeMigration(input, random: &random, to: &out)
        case .channelJoin: writeChannelMembership(input, member: "inviter", random: &random, to: &out)
        case .channelLeave: writeChannelMembership(input, member: "kicker", random: &random, to: &out)
        case .rename: writeRename(input, random: &random, to: &out)
        case .retentionPolicy: writeRetentionPolicy(input, random: &random, to: &out)
        case .channelPosting: writeChannelPosting(input, random: &random, to: &out)
        case .sharedChannel: writeSharedChannel(input, random: &random, to: &out)
        case .connectInvite: writeConnectInvite(input, random: &random, to: &out)
        case .huddle: writeHuddle(input, random: &random, to: &out)
        case .message: writeMessage(input, random: &random, to: &out)
        case .channelTab: writeChannelTab(input, random: &random, to: &out)
        case .file: writeFile(input, random: &random, to: &out)
        case .sharing: writeSharing(input, random: &random, to: &out)
        case .listEdit: writeListEdit(input, random: &random, to: &out)
        case .template: writeTemplate(input, random: &random, to: &out)
        case .cloned: writeCloned(input, random: &random, to: &out)
        case .assistant: writeAssistant(input, random: &random, to: &out)
        case .appInstall: writeAppInstall(input, random: &random, to: &out)
        case .ruleMatch: writeRuleMatch(input, random: &random, to: &out)
        case .ruleChange: writeRuleChange(input, random: &random, to: &out)
        case .datastore: writeDatastore(input, random: &random, to: &out)
        case .appDeploy: writeAppDeploy(input, random: &random, to: &out)
        case .collaborator: writeCollaborator(input, random: &random, to: &out)
        case .variables: writeVariables(input, random: &random, to: &out)
        case .mcp: writeMCP(input, random: &random, to: &out)
        case .adminAppConfig: writeAdminAppConfig(input, random: &random, to: &out)
        case .flowAction: writeFlowAction(input, random: &random, to: &out)
        case .agent: writeAgent(input, random: &random, to: &out)
        case .distribution: writeDistribution(input, random: &random, to: &out)
        case .suspiciousTrigger: writeSuspiciousTrigger(input, random: &random, to: &out)
        case .oauthToken: writeOAuthToken(input, random: &random, to: &out)
        case .workflow: writeWorkflow(input, random: &random, to: &out)
        case .skill: writeSkill(input, random: &random, to: &out)
        }
    }

    // MARK: Shared pieces

    /// The action's name, for writers whose members depend on it.
    func actionName(_ input: DetailsInput) -> String {
        catalog.actions[input.action]
    }

    /// A random user's ID, quoted.
    func writeRandomUserID(random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.fragment(userIDs, random.below(userIDs.count))
    }

    /// An array of 1 to `maximum` random users' IDs.
    func writeUserIDs(maximum: Int, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let start = out.beginContainer()
        for _ in 0..<(1 + random.below(maximum)) {
            out.element()
            writeRandomUserID(random: &random, to: &out)
        }
        out.endArray(start)
    }

    /// An array of 1 to `maximum` random channels' IDs.
    func writeChannelIDs(maximum: Int, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let start = out.beginContainer()
        for _ in 0..<(1 + random.below(maximum)) {
            out.element()
            out.fragment(channelIDs, random.below(channelIDs.count))
        }
        out.endArray(start)
    }

    /// A list of user IDs in one of the two shapes Slack uses: an array, or a string holding a JSON array.
    func writeUserIDList(count: Int, asString: Bool, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let users = organization.users
        let ids = (0..<count).map { _ in users[random.below(users.count)].id }
        if asString {
            out.string("[" + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]")
        } else {
            out.strings(ids)
        }
    }

    /// An `inviter` or `kicker`: either flat (`{"type":"user","id":…}`) or nesting the user
    /// (`{"type":"user","user":{…}}`), as both appear in real payloads.
    func writeActorReference(random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let user = random.below(userIDs.count)
        if random.chance(0.5) {
            out.fragment(flatUsers, user)
        } else {
            out.fragment(actorsWithAccountType, user)
        }
    }

    /// A JSON object of string members, for the object shape of `new_value`, `previous_value` and `reason`.
    func writeSettingObject(random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.raw(#"{"type":"#)
        out.quotedChoice(EventVocabulary.retentionTypes, using: &random)
        out.raw(#","duration_days":"#)
        out.quotedInteger(Int64(30 * (1 + random.below(24))))
        out.raw(#","enabled":"#)
        out.bool(random.chance(0.5))
        out.raw("}")
    }

    /// A timestamp of `seconds` with microseconds, as Slack's `ts` strings are.
    func writeSlackTimestamp(_ seconds: Int64, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.raw("\"")
        out.integer(seconds)
        out.raw(".")
        let micros = Int64(random.below(1_000_000))
        var scale: Int64 = 100_000
        while scale > 1, micros < scale {
            out.raw("0")
            scale /= 10
        }
        out.integer(micros)
        out.raw("\"")
    }
}

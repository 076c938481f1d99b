extension SimulatedEventRenderer {
    /// Writes `context`: where the actor was (location, user agent, IP address, session), and sometimes the app or
    /// agent acting for them.
    func writeContext(
        of event: SimulatedEvent,
        action: Int,
        actor: Int,
        random: inout SimulationRandom,
        to out: inout EventJSONWriter
    ) {
        let category = categoryOfAction[action]
        let isOrganizationWide = event.entity.kind == .enterprise || random.chance(0.1)
        out.raw(#"{"location":"#)
        out.fragment(locations, isOrganizationWide ? locations.count - 1 : userLocations[actor])
        out.raw(#","ua":"#)
        let isProgrammatic = category == "app" || category == "slack_cli" || category == "function"
        writeUserAgent(programmatic: isProgrammatic, random: &random, to: &out)
        out.raw(#","ip_address":"#)
        writeIPAddress(actor: actor, random: &random, to: &out)
        out.raw(#","session_id":"#)
        // Stable for a user over a day, as a real session would be; usually a number, sometimes a string.
        let day = UInt64(bitPattern: event.dateCreate / 86_400)
        let session = Int64(SimulationRandom.mix(UInt64(actor) << 32 ^ day) % 9_000_000_000_000) + 1_000_000_000
        if random.chance(0.15) {
            out.quotedInteger(session)
        } else {
            out.integer(session)
        }
        if random.chance(isProgrammatic ? 0.4 : 0.03) {
            out.raw(#","app":"#)
            out.fragment(appObjects, random.below(appObjects.count))
        }
        if random.chance(0.02) {
            out.raw(#","acting_agent":"#)
            out.quotedChoice(EventVocabulary.actingAgents, using: &random)
            if random.chance(0.5) {
                let message = random.below(messageTimestamps.count)
                let channel = organization.messages[message % organization.messages.count]
                out.raw(#","agent_message":{"channel_id":"#)
                out.string(channel.channel)
                out.raw(#","message_ts":"#)
                out.fragment(messageTimestamps, message)
                out.raw(#","team":"#)
                out.string(channel.team)
                out.raw(#","thread_ts":"#)
                out.fragment(messageTimestamps, message)
                out.raw("}")
            }
        }
        out.raw("}")
    }

    private func writeUserAgent(programmatic: Bool, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let draw = random.unit()
        let agents: FragmentTable
        if programmatic ? draw < 0.6 : draw < 0.08 {
            agents = userAgents[UserAgentKind.api.rawValue]
        } else if draw < 0.45 {
            agents = userAgents[UserAgentKind.desktop.rawValue]
        } else if draw < 0.8 {
            agents = userAgents[UserAgentKind.browser.rawValue]
        } else {
            agents = userAgents[UserAgentKind.mobile.rawValue]
        }
        out.fragment(agents, random.below(agents.count))
    }

    /// Mostly the user's usual address (derived from the user), sometimes another; about one in seven IPv6.
    private func writeIPAddress(actor: Int, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        var bits = random.chance(0.8) ? SimulationRandom.mix(UInt64(actor) &+ 0x1F00_D5EE_D000) : random.next()
        let isIPv6 = bits % 7 == 0
        bits = SimulationRandom.mix(bits)
        out.raw("\"")
        if isIPv6 {
            let prefixes = EventVocabulary.ipv6Prefixes
            out.raw(prefixes[Int(bits % UInt64(prefixes.count))])
            for shift in [16, 32, 48] as [UInt64] {
                out.raw(":")
                out.compactHex((bits >> shift) & 0xFFFF)
            }
            out.raw("::")
            out.compactHex((bits >> 8) & 0xFFF + 1)
        } else {
            let octets = EventVocabulary.ipv4FirstOctets
            out.integer(octets[Int(bits % UInt64(octets.count))])
            for shift in [16, 24, 32] as [UInt64] {
                out.raw(".")
                out.integer(Int64((bits >> shift) & 0xFF))
            }
        }
        out.raw("\"")
    }
}

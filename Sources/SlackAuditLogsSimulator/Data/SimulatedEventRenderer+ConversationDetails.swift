extension SimulatedEventRenderer {
    /// Joining or leaving a conversation: who added (`inviter`) or removed (`kicker`) the user, when someone did.
    func writeChannelMembership(
        _ input: DetailsInput,
        member: StaticString,
        random: inout SimulationRandom,
        to out: inout EventJSONWriter
    ) {
        guard random.chance(0.5) else { return }
        out.member(member)
        writeActorReference(random: &random, to: &out)
    }

    /// Renames: the name before and after, as strings.
    func writeRename(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let name = actionName(input)
        if name.hasPrefix("emoji") {
            out.member("previous_value")
            out.quotedChoice(EventVocabulary.emojiNames, using: &random)
            out.member("new_value")
            out.quotedChoice(EventVocabulary.emojiNames, using: &random)
            return
        }
        let table: FragmentTable
        if name.hasPrefix("channel") {
            table = channelNames
        } else if name.hasPrefix("list") {
            table = listTitles
        } else if name.hasPrefix("organization") {
            table = enterpriseName
        } else {
            table = emails
        }
        out.member("previous_value")
        out.fragment(table, random.below(table.count))
        out.member("new_value")
        out.fragment(table, name.hasPrefix("channel") ? input.entity : random.below(table.count))
    }

    /// `channel_retention_changed`: the retention policy before and after.
    func writeRetentionPolicy(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        for key in ["old_retention_policy", "new_retention_policy"] as [StaticString] {
            out.member(key)
            out.raw(#"{"type":"#)
            out.quotedChoice(EventVocabulary.retentionTypes, using: &random)
            out.raw(#","duration_days":"#)
            out.integer(30 * (1 + random.below(24)))
            out.raw("}")
        }
    }

    /// Posting, threading, huddle and mention permissions of a channel.
    func writeChannelPosting(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let name = actionName(input)
        if name.contains("huddle") {
            out.member("can_huddle")
            out.raw(#"{"enabled":"#)
            out.bool(random.chance(0.5))
            out.raw("}")
        } else if name.contains("at_channel") {
            out.member("enable_at_channel")
            out.raw(#"{"enabled":"#)
            out.bool(random.chance(0.5))
            out.raw("}")
        } else if name.contains("at_here") {
            out.member("enable_at_here")
            out.raw(#"{"enabled":"#)
            out.bool(random.chance(0.5))
            out.raw("}")
        } else {
            out.member("who_can_post")
            out.raw(#"{"type":"#)
            out.quotedChoices(["admin", "owner", "regular", "ra"], maximum: 2, using: &random)
            out.raw(#","user":"#)
            writeUserIDs(maximum: 2, random: &random, to: &out)
            out.raw("}")
            out.member("can_thread")
            out.raw(#"{"type":"#)
            out.quotedChoices(["admin", "regular", "ra"], maximum: 2, using: &random)
            out.raw(#","user":"#)
            writeUserIDs(maximum: 2, random: &random, to: &out)
            out.raw("}")
        }
    }

    /// Slack Connect channels: the other organization, the teams involved and the invitation.
    func writeSharedChannel(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let name = actionName(input)
        out.member("external_organization_id")
        out.randomID("E0", using: &random)
        out.member("external_organization_name")
        out.quotedChoice(["Partner Co", "Globex Consulting", "Vendor Inc", "Agency Ltd"], using: &random)
        out.member("is_external_limited")
        out.bool(random.chance(0.3))
        if name.contains("invite") {
            out.member("invite_id")
            out.randomID("I0", using: &random)
        }
        if name.contains("disconnect") {
            out.member("disconnecting_team")
            out.randomID("T0", using: &random)
        }
        if name == "channel_workspaces_updated" || name == "channel_moved" {
            out.member("added_team_id")
            out.fragment(workspaceIDs, random.below(workspaceIDs.count))
            out.member("origin_team")
            out.fragment(workspaceIDs, random.below(workspaceIDs.count))
            out.member("target_team")
            out.fragment(workspaceIDs, random.below(workspaceIDs.count))
        }
        out.member("teams_shared_with")
        let start = out.beginContainer()
        out.element()
        out.fragment(workspaceIDs, random.below(workspaceIDs.count))
        out.element()
        out.randomID("T0", using: &random)
        out.endArray(start)
    }

    /// Slack Connect DM invitations.
    func writeConnectInvite(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("invite_id")
        out.randomID("I0", using: &random)
        out.member("external_user_id")
        out.randomID("U0", using: &random)
        out.member("external_user_email")
        out.raw("\"")
        out.raw(EventVocabulary.emojiNames[random.below(EventVocabulary.emojiNames.count)])
        out.raw("@")
        out.raw(EventVocabulary.guestDomains[random.below(EventVocabulary.guestDomains.count)])
        out.raw("\"")
        out.member("is_external_user")
        out.bool(true)
    }

    /// Huddles: the conversation, the participants, and for ended huddles the duration in seconds.
    func writeHuddle(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let huddles = organization.huddles
        let huddle = huddles[input.entity % huddles.count]
        out.member("channel_id")
        out.string(huddle.channel)
        out.member("user_ids")
        out.strings(huddle.participants)
        if actionName(input) == "huddle_ended" {
            out.member("duration")
            out.integer(huddle.dateEnd - huddle.dateStart)
        }
    }

    /// Message actions: the conversation, the thread, and for flags whether the message is flagged (a string).
    func writeMessage(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let messages = organization.messages
        let message = messages[input.entity % messages.count]
        let name = actionName(input)
        out.member("channel")
        out.string(message.channel)
        if name.hasPrefix("thread") || random.chance(0.2) {
            out.member("thread_ts")
            out.string(message.timestamp)
        }
        if name.contains("flag") {
            out.member("is_flagged")
            out.quoted(name.contains("dismissed") ? "false" : "true")
            out.member("label")
            out.quotedChoice(EventVocabulary.flagLabels, using: &random)
        }
        if name.contains("forwarded") || name == "record_shared" {
            out.member("channel_id")
            out.fragment(channelIDs, random.below(channelIDs.count))
        }
    }

    /// Channel tabs and bookmarks.
    func writeChannelTab(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("folder_bookmark_id")
        out.randomID("Bk0", using: &random)
        if random.chance(0.5) {
            out.member("linked_channel_id")
            out.fragment(channelIDs, random.below(channelIDs.count))
        }
    }

    /// File actions: the hash of an upload, the channel of a share, why a transfer was blocked.
    func writeFile(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let name = actionName(input)
        let files = organization.files
        let file = files[input.entity % files.count]
        if name == "file_uploaded" || name.contains("malicious") {
            out.member("md5_hash")
            out.randomHex(digits: 32, using: &random)
        }
        if name == "file_shared" || name.contains("share") {
            out.member("channel_id")
            out.fragment(channelIDs, random.below(channelIDs.count))
            out.member("shared_to")
            out.quotedChoice(EventVocabulary.shareTargets, using: &random)
        }
        if name.contains("blocked") || name.contains("malicious") {
            out.member("reason")
            out.quotedChoice(
                ["file_type_not_allowed", "untrusted_device", "ip_not_allowed", "malware_detected"],
                using: &random
            )
        }
        if name.contains("public_link") || (name == "file_downloaded" && random.chance(0.2)) {
            out.member("url_private")
            out.string("https://files.slack.com/files-pri/\(organization.enterprise.id)-\(file.id)/\(file.name)")
        }
    }

    /// Canvas and list sharing: the access level, and the channel or user it was shared with.
    func writeSharing(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let name = actionName(input)
        out.member("access_level")
        out.quotedChoice(EventVocabulary.accessLevels, using: &random)
        if random.chance(0.5) {
            out.member("shared_with")
            out.raw(#"{"channel_id":"#)
            out.fragment(channelIDs, random.below(channelIDs.count))
            out.raw(#","access_level":"#)
            out.quotedChoice(EventVocabulary.accessLevels, using: &random)
            out.raw("}")
        } else {
            out.member("target_user")
            writeRandomUserID(random: &random, to: &out)
        }
        if name.hasPrefix("canvas") {
            out.member("is_channel_canvas")
            out.bool(random.chance(0.3))
        }
        out.member("read_only")
        out.bool(random.chance(0.4))
    }

    /// List edits: which row, column, view or cell.
    func writeListEdit(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let name = actionName(input)
        if name.contains("row") || name.contains("cell") {
            out.member("row_id")
            out.randomID("Rec0", using: &random)
        }
        if name.contains("column") || name.contains("cell") {
            out.member("column_id")
            out.randomID("Col0", using: &random)
        }
        if name.contains("view") {
            out.member("view_id")
            out.randomID("View0", using: &random)
        }
        if name.contains("cell") {
            out.member("cell_date_updated")
            out.integer(input.event.dateCreate)
        }
    }

    /// Templates: the title, and whether Slack provides it.
    func writeTemplate(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("template_title")
        out.quotedChoice(
            ["Project kickoff", "Incident response", "Weekly 1:1", "Launch plan", "Sales account"],
            using: &random
        )
        out.member("is_slack_provided_template")
        out.bool(random.chance(0.5))
    }

    /// `canvas_quip_document_cloned`: the source document.
    func writeCloned(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("cloned_file_id")
        out.fragment(fileIDs, random.below(fileIDs.count))
        out.member("space_file_id")
        out.raw(#"{"payload":"#)
        out.randomHex(digits: 24, using: &random)
        out.raw("}")
    }

    /// Slack AI features: what they worked on.
    func writeAssistant(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("source")
        out.quotedChoice(EventVocabulary.aiSources, using: &random)
        if random.chance(0.6) {
            out.member("channel_id")
            out.fragment(channelIDs, random.below(channelIDs.count))
        }
        if random.chance(0.3) {
            out.member("file_id")
            out.fragment(fileIDs, random.below(fileIDs.count))
        }
    }
}

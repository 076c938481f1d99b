extension SimulatedEventRenderer {
    /// `user_login`, `cli_login`: how the user signed in.
    func writeLogin(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("type")
        out.quotedChoice(EventVocabulary.loginTypes, using: &random)
        out.member("authentication_method")
        out.quotedChoice(EventVocabulary.authenticationMethods, using: &random)
        if random.chance(0.5) {
            out.member("secondary_authentication_method")
            out.quotedChoice(EventVocabulary.secondFactors, using: &random)
        }
        if random.chance(0.3) {
            out.member("client_ja3_fingerprint")
            out.randomHex(digits: 32, using: &random)
        }
    }

    /// `user_login_failed`, `ip_allowlist_access_denied`: why the sign-in failed (`reason` as a string).
    func writeLoginFailure(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("type")
        out.quotedChoice(EventVocabulary.loginTypes, using: &random)
        out.member("reason")
        out.quotedChoice(EventVocabulary.loginFailures, using: &random)
        out.member("authentication_method")
        out.quotedChoice(EventVocabulary.authenticationMethods, using: &random)
    }

    /// Sessions ended by an admin, a policy or a detection: which clients, and for bulk resets who succeeded and
    /// failed (`succeeded_users` and `failed_users` as arrays or as strings holding JSON).
    func writeSessionReset(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let name = actionName(input)
        out.member("mobile_only")
        out.bool(random.chance(0.2))
        out.member("web_only")
        out.bool(random.chance(0.2))
        out.member("desktop_app_browser_quit")
        out.bool(random.chance(0.5))
        if random.chance(0.3) {
            out.member("non_sso_only")
            out.bool(random.chance(0.5))
        }
        if name.hasPrefix("user_logout_") || name.contains("circuit_breaker") || name.contains("anomaly") {
            out.member("reason")
            out.quotedChoice(EventVocabulary.sessionReasons, using: &random)
        }
        if name.hasPrefix("bulk_") || random.chance(0.25) {
            let asString = random.chance(0.5)
            out.member("succeeded_users")
            writeUserIDList(count: 1 + random.below(5), asString: asString, random: &random, to: &out)
            out.member("failed_users")
            writeUserIDList(count: random.below(2), asString: asString, random: &random, to: &out)
            out.member("initiated_by")
            writeRandomUserID(random: &random, to: &out)
        }
    }

    /// `anomaly`: what looked wrong (`reason` as a list), when (`action_timestamp` as a number of milliseconds or as
    /// a string), and from where.
    func writeAnomaly(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("action")
        out.quotedChoice(EventVocabulary.anomalyActions, using: &random)
        out.member("reason")
        out.quotedChoices(EventVocabulary.anomalyReasons, maximum: 3, using: &random)
        out.member("action_timestamp")
        let milliseconds = input.event.dateCreate * 1_000 - Int64(random.below(600_000))
        if random.chance(0.5) {
            out.integer(milliseconds)
        } else {
            out.quotedInteger(milliseconds)
        }
        out.member("location")
        out.quotedChoice(EventVocabulary.places, using: &random)
        out.member("previous_ip_address")
        out.raw("\"")
        out.integer(Int64(EventVocabulary.ipv4FirstOctets[random.below(EventVocabulary.ipv4FirstOctets.count)]))
        for _ in 0..<3 {
            out.raw(".")
            out.integer(Int64(random.below(256)))
        }
        out.raw("\"")
        out.member("previous_ua")
        let browsers = userAgents[UserAgentKind.browser.rawValue]
        out.fragment(browsers, random.below(browsers.count))
        if random.chance(0.4) {
            out.member("user_agent_change_details")
            let desktops = userAgents[UserAgentKind.desktop.rawValue]
            out.raw(#"{"previous_ua":"#)
            out.fragment(desktops, random.below(desktops.count))
            out.raw(#","ua":"#)
            out.fragment(browsers, random.below(browsers.count))
            out.raw("}")
        }
    }

    /// `user_profile_updated`: the profile before and after.
    func writeProfileChange(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        // Rendered here rather than ahead: profiles are large and their events rare.
        let users = organization.users
        out.member("previous_profile")
        Self.writeProfile(of: users[random.below(users.count)], to: &out)
        out.member("new_profile")
        Self.writeProfile(of: users[input.entity % users.count], to: &out)
    }

    /// `user_email_updated`: the address before and after.
    func writeEmailChange(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("previous_value")
        out.fragment(emails, random.below(emails.count))
        out.member("new_value")
        out.fragment(emails, input.entity)
    }

    /// Users and guests created or joining: who invited them, and for guests when the account expires.
    func writeInvitation(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        if random.chance(0.7) {
            out.member("inviter")
            writeActorReference(random: &random, to: &out)
        }
        if actionName(input).hasPrefix("guest"), random.chance(0.6) {
            out.member("expires_on")
            out.integer(input.event.dateCreate + Int64(30 + random.below(150)) * 86_400)
        }
        if random.chance(0.3) {
            out.member("invite_id")
            out.randomID("I0", using: &random)
        }
    }

    /// Guest accounts' expiry.
    func writeGuestExpiration(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("expires_on")
        out.integer(input.event.dateCreate + Int64(1 + random.below(180)) * 86_400)
    }

    /// Accounts merged, mapped or transferred: the other account.
    func writeUserMapping(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let user = random.below(userIDs.count)
        out.member("target_user")
        out.fragment(userIDs, user)
        out.member("target_user_id")
        out.fragment(userIDs, user)
        if random.chance(0.5) {
            out.member("external_user_email")
            out.fragment(emails, user)
        }
    }

    /// Password resets: whose address, and `actor` when Slack Security did it.
    func writePasswordReset(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("email")
        out.fragment(emails, input.entity)
        if actionName(input).hasSuffix("slack_security") {
            out.member("actor")
            out.quoted("USLACKSECURITY")
        }
    }
}

import ArgumentParser
import Foundation
import SlackAuditLogs

/// The `/logs` filters that `logs` and `collect` share: which actions, actor and entity to keep.
struct FilterOptions: ParsableArguments {
    @Option(name: .long, parsing: .singleValue, help: "Action name; repeat or separate with commas (at most 30).")
    var action: [String] = []

    @Option(help: "User ID of the actor.")
    var actor: String?

    @Option(help: "ID of the entity acted on.")
    var entity: String?

    /// The action names, with comma-separated lists split: `--action a,b --action c` gives `[a, b, c]`.
    var actions: [String] {
        action.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    func validate() throws {
        // An empty name would be sent as no filter at all: refused rather than silently meaning "every action".
        if actions.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError(
                "--action holds an empty name (\(TimeArgument.shown(action.joined(separator: ",")))); give names such "
                    + "as user_login, separated by commas, or leave --action out to keep every action."
            )
        }
        for (option, value) in [("--actor", actor), ("--entity", entity)] where value.map(TokenPattern.appears) == true
        {
            throw ValidationError(
                "\(option) was given what looks like a token, not a Slack ID; the token goes in "
                    + "SLACK_AUDIT_TOKEN, --token-file or --token-stdin."
            )
        }
        do {
            try LogsQuery(actions: actions, actor: actor, entity: entity).validate()
        } catch {
            throw ValidationError(error.message)
        }
    }
}

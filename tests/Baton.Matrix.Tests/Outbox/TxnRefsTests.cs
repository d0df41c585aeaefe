using System.Text.Json.Nodes;
using Baton.Matrix.Outbox;

namespace Baton.Matrix.Tests.Outbox;

public sealed class TxnRefsTests
{
    [Fact]
    public async Task References_are_filled_in_anywhere_in_the_content()
    {
        var content = new JsonObject
        {
            ["body"] = "x",
            ["m.relates_to"] = new JsonObject { ["event_id"] = TxnRefs.To("a"), ["m.in_reply_to"] = new JsonObject { ["event_id"] = TxnRefs.To("b") } },
        };

        var resolved = await TxnRefs.ResolveAsync(content, txn => Task.FromResult<string?>(txn == "a" ? "$A" : "$B"));

        resolved.ShouldNotBeNull();
        ((string)resolved["m.relates_to"]!["event_id"]!).ShouldBe("$A");
        ((string)resolved["m.relates_to"]!["m.in_reply_to"]!["event_id"]!).ShouldBe("$B");
        ((string)content["m.relates_to"]!["event_id"]!).ShouldBe("{{txn:a}}", "the stored content is left as it was");
    }

    [Fact]
    public async Task An_unsent_or_failed_reference_leaves_the_message_unresolved()
    {
        var content = new JsonObject { ["event_id"] = TxnRefs.To("a") };

        (await TxnRefs.ResolveAsync(content, _ => Task.FromResult<string?>(null))).ShouldBeNull();
        (await TxnRefs.ResolveAsync(content, _ => Task.FromResult<string?>("failed:M_FORBIDDEN"))).ShouldBeNull();
    }
}

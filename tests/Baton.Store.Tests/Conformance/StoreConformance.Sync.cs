using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Store;

namespace Baton.Store.Tests.Conformance;

/// <summary>The store contract: the run sync outbox (enqueue once, due order, attempts with back-off, delivered leaves).</summary>
public abstract partial class StoreConformance
{
    // ---------------------------------------------------------------- sync outbox

    private async Task TwoFinishedRunsAsync()
    {
        await Store.AddTaskAsync(NewTask("t") with { MaxAttempts = 2 }, Actor.Baton, None);
        await Store.AddRunAsync(NewRun("r1", "t"), None);
        await Store.AddRunAsync(NewRun("r2", "t", number: 2), None);
    }

    [Fact]
    public async Task EnqueueSync_queues_a_run_once_due_at_once()
    {
        await TwoFinishedRunsAsync();
        var at = T0;   // the store keeps milliseconds

        await Store.EnqueueSyncAsync("r1", at, None);
        await Store.EnqueueSyncAsync("r1", at.AddMinutes(5), None);

        var item = (await Store.PendingSyncsAsync(None)).ShouldHaveSingleItem();
        item.ShouldBe(new SyncItem("r1", at, 0, at, null, null));
        (await Store.DueSyncsAsync(at, 10, None)).ShouldHaveSingleItem().RunId.ShouldBe("r1");
        (await Store.DueSyncsAsync(at.AddSeconds(-1), 10, None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_failed_attempt_waits_for_its_next_time_and_a_delivered_run_leaves_the_outbox()
    {
        await TwoFinishedRunsAsync();
        var at = T0;   // the store keeps milliseconds
        await Store.EnqueueSyncAsync("r1", at, None);
        await Store.EnqueueSyncAsync("r2", at.AddSeconds(1), None);

        await Store.RecordSyncAttemptAsync("r1", at.AddSeconds(2), "HTTP 503", at.AddSeconds(60), None);

        (await Store.DueSyncsAsync(at.AddSeconds(10), 10, None)).Select(i => i.RunId).ShouldBe(["r2"]);
        var failed = (await Store.PendingSyncsAsync(None)).Single(i => i.RunId == "r1");
        failed.ShouldBe(new SyncItem("r1", at, 1, at.AddSeconds(60), "HTTP 503", null));
        (await Store.DueSyncsAsync(at.AddSeconds(60), 10, None)).Select(i => i.RunId).ShouldBe(["r2", "r1"]);

        await Store.RecordSyncAttemptAsync("r1", at.AddSeconds(61), null, null, None);

        (await Store.PendingSyncsAsync(None)).Select(i => i.RunId).ShouldBe(["r2"]);
        (await Store.DueSyncsAsync(at.AddHours(1), 10, None)).Select(i => i.RunId).ShouldBe(["r2"]);
    }

    [Fact]
    public async Task RecordSyncAttempt_for_a_run_not_in_the_outbox_is_refused()
    {
        await TwoFinishedRunsAsync();

        await Should.ThrowAsync<KeyNotFoundException>(() => Store.RecordSyncAttemptAsync("r1", T0, null, null, None));
    }

    [Fact]
    public async Task A_due_item_is_claimed_by_one_node_and_due_again_when_its_claim_runs_out()
    {
        await TwoFinishedRunsAsync();
        await Store.EnqueueSyncAsync("r1", T0, None);

        var first = await Store.ClaimSyncAsync("r1", T0, T0.AddSeconds(40), None);
        var second = await Store.ClaimSyncAsync("r1", T0.AddSeconds(1), T0.AddSeconds(41), None);

        (first, second).ShouldBe((true, false));
        (await Store.DueSyncsAsync(T0.AddSeconds(39), 10, None)).ShouldBeEmpty("the claim holds it");
        (await Store.ClaimSyncAsync("r1", T0.AddSeconds(40), T0.AddSeconds(80), None)).ShouldBeTrue("a claim whose node died runs out");
        await Store.RecordSyncAttemptAsync("r1", T0.AddSeconds(45), null, null, None);
        (await Store.ClaimSyncAsync("r1", T0.AddHours(1), T0.AddHours(2), None)).ShouldBeFalse("delivered");
        (await Store.ClaimSyncAsync("r2", T0, T0.AddSeconds(40), None)).ShouldBeFalse("not in the outbox");
    }

    [Fact]
    public async Task A_runs_documents_are_kept_replaced_and_fenced()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);
        var run = await Store.AddRunAsync(NewRun("r1", "t") with { Owner = Alice }, None);
        (await Store.ReadRunDocumentAsync("r1", "manifest", None)).ShouldBeNull();

        await Store.SaveRunDocumentAsync("r1", "manifest", "{\"stages\":1}", run.Epoch, None);
        await Store.SaveRunDocumentAsync("r1", "manifest", "{\"stages\":2}", run.Epoch, None);
        await Store.SaveRunDocumentAsync("r1", "result", "{\"status\":\"succeeded\"}", run.Epoch, None);
        var taken = await Store.TryTakeOwnershipAsync("r1", Alice, Bob, T0, None);
        var late = await Should.ThrowAsync<StoreException>(() => Store.SaveRunDocumentAsync("r1", "result", "{}", run.Epoch, None));

        late.Category.ShouldBe(StoreErrorCategory.Fenced);
        taken.ShouldNotBeNull();
        (await Store.ReadRunDocumentAsync("r1", "manifest", None)).ShouldBe("{\"stages\":2}");
        (await Store.ReadRunDocumentAsync("r1", "result", None)).ShouldBe("{\"status\":\"succeeded\"}");
    }
}

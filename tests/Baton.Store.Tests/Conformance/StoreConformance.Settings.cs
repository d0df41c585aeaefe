using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Store;
using Baton.Core.Text;

namespace Baton.Store.Tests.Conformance;

/// <summary>The store contract: settings.</summary>
public abstract partial class StoreConformance
{
    // ---------------------------------------------------------------- settings

    [Fact]
    public async Task Settings_are_set_replaced_and_removed()
    {
        (await Store.GetSettingAsync("queue.paused", None)).ShouldBeNull();

        await Store.SetSettingAsync("queue.paused", "true", None);
        await Store.SetSettingAsync("queue.paused_by", "alice (cli)", None);
        (await Store.GetSettingAsync("queue.paused", None)).ShouldBe("true");

        await Store.SetSettingAsync("queue.paused", "false", None);
        (await Store.GetSettingAsync("queue.paused", None)).ShouldBe("false");

        await Store.SetSettingAsync("queue.paused", null, None);
        (await Store.GetSettingAsync("queue.paused", None)).ShouldBeNull();
        (await Store.GetSettingAsync("queue.paused_by", None)).ShouldBe("alice (cli)");

        await Store.SetSettingAsync("never.set", null, None);
        (await Store.GetSettingAsync("never.set", None)).ShouldBeNull();
        await Store.SetSettingAsync("empty", "", None);
        (await Store.GetSettingAsync("empty", None)).ShouldBe("");
    }

    [Fact]
    public async Task Concurrent_setting_writes_leave_one_of_the_written_values()
    {
        var values = Enumerable.Range(0, 10).Select(i => $"v{i}").ToList();

        await Task.WhenAll(values.Select(v => Task.Run(() => Store.SetSettingAsync("k", v, None))));

        values.ShouldContain((await Store.GetSettingAsync("k", None))!);
    }
}

using System.Text;
using Baton.Matrix.Bridge;

namespace Baton.Matrix.Tests.Bridge;

public sealed class ChatContentTests
{
    [Fact]
    public void Html_in_agent_output_is_escaped_and_the_plain_body_kept()
    {
        var content = ChatContent.Notice("<script>alert(1)</script> & \"x\"\nline two");

        ((string)content["body"]!).ShouldBe("<script>alert(1)</script> & \"x\"\nline two");
        ((string)content["formatted_body"]!).ShouldBe("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;<br>line two");
        ((string)content["msgtype"]!).ShouldBe("m.notice");
    }

    [Fact]
    public void Long_output_is_split_under_the_event_size_limit_at_line_ends_and_nothing_is_lost()
    {
        var text = string.Join("\n", Enumerable.Range(0, 20_000).Select(i => $"line {i} <b>&\"</b> ✓ 漢字"));

        var parts = ChatContent.Split(text);

        parts.Count.ShouldBeGreaterThan(1);
        string.Concat(parts).ShouldBe(text);
        foreach (var part in parts)
        {
            part.Length.ShouldBeLessThanOrEqualTo(ChatContent.MaxText);
            var json = ChatContent.Notice(part).ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            Encoding.UTF8.GetByteCount(json).ShouldBeLessThan(65_536 - 2_000);
        }

        parts.Take(parts.Count - 1).ShouldAllBe(p => p.EndsWith('\n'));
    }

    [Fact]
    public void Terminal_colours_and_control_characters_are_dropped()
    {
        ((string)ChatContent.Notice("\u001b[31mred\u001b[0m\tok\u0007\nnext")["body"]!).ShouldBe("red\tok\nnext");
    }

    [Fact]
    public void A_single_line_longer_than_the_limit_is_cut_hard()
    {
        var text = new string('x', (ChatContent.MaxText * 2) + 5);

        ChatContent.Split(text).Select(p => p.Length).ShouldBe([ChatContent.MaxText, ChatContent.MaxText, 5]);
    }

    [Fact]
    public void An_edit_carries_the_new_content_and_points_at_the_original()
    {
        var edit = ChatContent.Edit("st-t1", ChatContent.Notice("done"));

        ((string)edit["body"]!).ShouldBe("* done");
        ((string)edit["m.new_content"]!["body"]!).ShouldBe("done");
        ((string)edit["m.relates_to"]!["rel_type"]!).ShouldBe("m.replace");
        ((string)edit["m.relates_to"]!["event_id"]!).ShouldBe("{{txn:st-t1}}");
    }
}

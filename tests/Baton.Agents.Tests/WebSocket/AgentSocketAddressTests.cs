using Baton.Agents.WebSocket;

namespace Baton.Agents.Tests.WebSocket;

public class AgentSocketAddressTests
{
    [Theory]
    [InlineData("ws://127.0.0.1:8765", "ws://127.0.0.1:8765/agent_ws/?thread_id=baton%3AT-1%3Aab12")]
    [InlineData("ws://127.0.0.1:8765/", "ws://127.0.0.1:8765/agent_ws/?thread_id=baton%3AT-1%3Aab12")]
    [InlineData("ws://127.0.0.1:8765/agent_ws", "ws://127.0.0.1:8765/agent_ws/?thread_id=baton%3AT-1%3Aab12")]
    [InlineData("wss://agents.example/agent_ws/", "wss://agents.example/agent_ws/?thread_id=baton%3AT-1%3Aab12")]
    [InlineData("wss://agents.example/team/a/", "wss://agents.example/team/a/agent_ws/?thread_id=baton%3AT-1%3Aab12")]
    [InlineData("https://agents.example/x/agent_ws/", "wss://agents.example/x/agent_ws/?thread_id=baton%3AT-1%3Aab12")]
    [InlineData("ws://h/agent_ws/?model=big&thread_id=default", "ws://h/agent_ws/?model=big&thread_id=baton%3AT-1%3Aab12")]
    public void The_conversation_is_the_thread_id_of_the_agent_ws_endpoint(string baseUrl, string expected)
    {
        AgentSocketAddress.TryCreate(baseUrl, "baton:T-1:ab12", out var address, out var problem).ShouldBeTrue(problem);

        address.AbsoluteUri.ShouldBe(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("127.0.0.1:8765")]
    [InlineData("ftp://h/")]
    public void A_base_url_that_is_not_a_websocket_address_is_refused(string? baseUrl)
    {
        AgentSocketAddress.TryCreate(baseUrl, "t", out _, out var problem).ShouldBeFalse();

        problem.ShouldContain("ws://");
    }

    [Fact]
    public void Displayed_addresses_hide_user_info()
    {
        AgentSocketAddress.TryCreate("ws://user:pw@h:1/", "t", out var address, out _).ShouldBeTrue();

        AgentSocketAddress.Display(address).ShouldBe("ws://h:1/agent_ws/?thread_id=t");
    }

    [Fact]
    public void New_conversation_ids_carry_the_task_and_differ_each_time()
    {
        var first = ConversationIds.New("T-9");
        var second = ConversationIds.New("T-9");

        first.ShouldMatch("^baton:T-9:[0-9a-f]{8}$");
        second.ShouldNotBe(first);
    }
}

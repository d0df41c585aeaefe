namespace Baton.Processes.Watchdog;

/// <summary>
/// The watchdog itself: POSIX sh, so it costs about a megabyte and starts in a millisecond. Arguments: the cookie and
/// the variable's name. It keeps the announced groups in one string (<c>" 12 34 "</c>) while Baton lives; on
/// end-of-file it sends SIGTERM to the groups and to every process whose environment holds the cookie, gives them
/// half a second, then SIGKILL twice (the second pass catches what forked during the first), and exits.
/// </summary>
internal static class WatchdogScript
{
    public const string Text = """
        exec >/dev/null 2>&1
        trap '' HUP INT
        cookie=$1 name=$2 groups=' '
        while IFS= read -r line; do
          g=${line#?}
          case $line in
            +*) groups="$groups$g " ;;
            -*) case $groups in *" $g "*) groups="${groups%% $g *} ${groups#* $g }" ;; esac ;;
          esac
        done
        [ "$groups" = ' ' ] && ! grep -qzx -- "$name=$cookie" /proc/[0-9]*/environ && exit 0
        end() {
          for g in $groups; do kill -"$1" "-$g"; done
          for f in $(grep -lzx -- "$name=$cookie" /proc/[0-9]*/environ); do p=${f#/proc/}; kill -"$1" "${p%/environ}"; done
        }
        end TERM; sleep 0.5; end KILL; sleep 0.1; end KILL
        """;
}

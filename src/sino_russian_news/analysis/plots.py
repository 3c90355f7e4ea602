"""Figures for the report: titled, labelled and sized to be read at page width."""

from __future__ import annotations

import functools

import matplotlib
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from ..schema import Side
from .voices import UNNAMED

SIDE_COLOURS = {
    Side.RUSSIA: "#c0392b",
    Side.CHINA: "#e6a100",
    Side.UKRAINE: "#2471a3",
    Side.WEST: "#6c3483",
    Side.OTHER: "#7f8c8d",
    UNNAMED: "#bdc3c7",
}
STYLE = {
    "figure.dpi": 110,
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def styled(figure_function):
    """Draw with the report's style without changing matplotlib's global settings on import."""

    @functools.wraps(figure_function)
    def draw(*args, **kwargs):
        with plt.rc_context(STYLE):
            figure = figure_function(*args, **kwargs)
            # Jupyter's inline backend turns interactive mode on when the first figure is
            # drawn; leaving the style context must not turn it off again, or later figures
            # are no longer shown.
            interactive = matplotlib.is_interactive()
        matplotlib.interactive(interactive)
        return figure

    return draw


@styled
def removed_share_bar(audit: pd.DataFrame):
    reasons = [c for c in audit.columns if c not in ("body", "removed_share")]
    shares = audit[["body", *reasons]].div(audit[["body", *reasons]].sum(axis=1), axis=0)
    fig, ax = plt.subplots(figsize=(8, 3.6))
    left = pd.Series(0.0, index=shares.index)
    palette = [plt.get_cmap("tab20")(i) for i in range(20) if i not in (4, 5)]  # greens are for the body
    for i, column in enumerate(["body", *reasons]):
        colour = "#2e7d32" if column == "body" else palette[(i - 1) % len(palette)]
        ax.barh(shares.index, shares[column], left=left, color=colour, label=column, height=0.6)
        left += shares[column]
    ax.set_xlabel("Share of the raw page's characters")
    ax.set_ylabel("Article")
    ax.set_title("How much of each scraped page was the article")
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.invert_yaxis()
    ax.legend(ncol=1, fontsize=7, bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
    fig.tight_layout()
    return fig


@styled
def timeline_chart(timeline: pd.DataFrame):
    fig, ax = plt.subplots(figsize=(9, 3.6))
    rows = timeline.reset_index(drop=True)
    start, end = rows["start_date"].min(), rows["published_date"].max()
    middle = start + (end - start) / 2
    for y, row in rows.iterrows():
        ax.plot(
            [row["start_date"], row["end_date"] + pd.Timedelta(days=1)],
            [y, y],
            color="#7f8c8d",
            linewidth=9,
            solid_capstyle="butt",
            alpha=0.5,
        )
        marker = "o" if row["date_source"] == "text" else "D"
        ax.plot(row["published_date"], y, marker=marker, color="#c0392b", markersize=7)
        right_half = row["published_date"] > middle
        label = ax.annotate(
            f"{row['event']} ({row['days_after_event_start']:+d} d)",
            (row["published_date"], y),
            xytext=(-10 if right_half else 10, 0),
            textcoords="offset points",
            va="center",
            ha="right" if right_half else "left",
            fontsize=8,
        )
        label.set_in_layout(False)
    ax.set_yticks(range(len(rows)), rows["article_id"].str[:3] + " · " + rows["original_publisher"].fillna("publisher unknown"))
    ax.set_xlabel("Date (grey bar: event; red: publication, ● printed on the page, ◆ curated)")
    ax.set_ylabel("Article · original publisher")
    ax.set_title("Articles against the events they report")
    ax.set_xlim(start - pd.Timedelta(days=45), end + pd.Timedelta(days=45))
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(axis="x", color="#eeeeee")
    fig.tight_layout()
    return fig


@styled
def side_bars(by_side: pd.DataFrame):
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.2))
    colours = [SIDE_COLOURS.get(s, "#999999") for s in by_side.index]
    axes[0].bar(by_side.index, by_side["quotes"], color=colours)
    axes[0].set_title("Quotes by speaker's side")
    axes[0].set_ylabel("Attributed quotes")
    axes[1].bar(by_side.index, by_side["words_quoted"], color=colours)
    axes[1].set_title("Words quoted by side")
    axes[1].set_ylabel("Words inside quotation marks")
    for ax in axes:
        ax.set_xlabel("Side")
        ax.tick_params(axis="x", rotation=30)
    fig.tight_layout()
    return fig


@styled
def cooccurrence_network(edges: pd.DataFrame, sides: dict[str, str]):
    """People on a circle, grouped by side, with labels outside it.

    A force layout pulls the most connected pair (Xi and Putin) on top of each other; on a
    circle every node keeps its own place, and a label set outside the circle, aligned away
    from the centre, cannot cover a node or another label. Line width shows paragraphs shared.
    """
    import math

    import networkx as nx

    graph = nx.Graph()
    for row in edges.itertuples():
        graph.add_edge(row.source, row.target, weight=row.paragraphs)
    fig, ax = plt.subplots(figsize=(8, 6.4))
    if graph.number_of_nodes():
        side_order = list(SIDE_COLOURS)
        nodes = sorted(
            graph.nodes,
            key=lambda n: (side_order.index(sides.get(n, "")) if sides.get(n, "") in side_order else len(side_order), n),
        )
        angles = {n: math.pi / 2 - 2 * math.pi * i / len(nodes) for i, n in enumerate(nodes)}
        position = {n: (math.cos(a), math.sin(a)) for n, a in angles.items()}
        heaviest = max(graph[u][v]["weight"] for u, v in graph.edges)
        widths = [0.8 + 7 * graph[u][v]["weight"] / heaviest for u, v in graph.edges]
        nx.draw_networkx_edges(graph, position, width=widths, edge_color="#95a5a6", alpha=0.8, ax=ax)
        degree = dict(graph.degree(weight="weight"))
        nx.draw_networkx_nodes(
            graph,
            position,
            nodelist=nodes,
            node_size=[250 + 25 * degree[n] for n in nodes],
            node_color=[SIDE_COLOURS.get(sides.get(n, ""), "#999999") for n in nodes],
            edgecolors="white",
            ax=ax,
        )
        for n, a in angles.items():
            x, y = math.cos(a) * 1.13, math.sin(a) * 1.13
            ha = "left" if math.cos(a) > 0.15 else "right" if math.cos(a) < -0.15 else "center"
            va = "bottom" if math.sin(a) > 0.6 else "top" if math.sin(a) < -0.6 else "center"
            ax.text(x, y, n, ha=ha, va=va, fontsize=9)
        for u, v in graph.edges:  # the strongest ties, labelled with their count
            if graph[u][v]["weight"] == heaviest:
                (x1, y1), (x2, y2) = position[u], position[v]
                ax.text(
                    (x1 + x2) / 2,
                    (y1 + y2) / 2,
                    str(heaviest),
                    fontsize=8,
                    ha="center",
                    va="center",
                    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "#95a5a6"},
                )
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.set_title("People mentioned in the same paragraph (line width: paragraphs shared)")
    ax.axis("off")
    present = {sides.get(n) for n in graph.nodes}
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=c, label=s) for s, c in SIDE_COLOURS.items() if s in present]
    ax.legend(handles=handles, title="Side", loc="lower left", fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


@styled
def quote_length_by_speaker(quotes: pd.DataFrame, top: int = 10):
    order = quotes.groupby("speaker")["word_count"].sum().sort_values(ascending=False).head(top).index
    data = [quotes.loc[quotes["speaker"] == s, "word_count"] for s in order]
    sides = [quotes.loc[quotes["speaker"] == s, "side"].iloc[0] for s in order]
    fig, ax = plt.subplots(figsize=(8, 3.8))
    box = ax.boxplot(data, orientation="horizontal", patch_artist=True, tick_labels=list(order))
    for patch, side in zip(box["boxes"], sides, strict=True):
        patch.set_facecolor(SIDE_COLOURS.get(side, "#999999"))
    ax.set_xlabel("Words in the quote")
    ax.set_ylabel("Speaker")
    ax.set_title("Quote length by speaker (the ten most quoted by words)")
    ax.invert_yaxis()
    fig.tight_layout()
    return fig


@styled
def frame_heatmap(shares: pd.DataFrame):
    fig, ax = plt.subplots(figsize=(8.5, 3.8))
    image = ax.imshow(shares.T.values, cmap="Blues", vmin=0, vmax=max(0.5, float(shares.values.max())), aspect="auto")
    ax.set_xticks(range(len(shares.index)), shares.index, fontsize=8)
    ax.set_yticks(range(len(shares.columns)), shares.columns, fontsize=8)
    for (x, y), value in pd.DataFrame(shares.values).stack().items():
        ax.text(x, y, f"{value:.0%}", ha="center", va="center", fontsize=7, color="white" if value > 0.35 else "black")
    ax.set_xlabel("Article (publication date, id)")
    ax.set_ylabel("Frame")
    ax.set_title("Share of each article's paragraphs carrying each frame")
    fig.colorbar(image, ax=ax, format=matplotlib.ticker.PercentFormatter(1.0), label="Share of paragraphs")
    fig.tight_layout()
    return fig

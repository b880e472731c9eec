"""The webmail pages built after real markup, one builder per site: Gmail, Outlook on the web, Yahoo Mail.

Every class name, id, attribute and nesting here is a fact about the real site, from the captures and
peers' selectors listed in shared/realdom/SOURCES.md (the captured files themselves stay out of the
repository); each builder states it once and the pages differ only by what their test is about (a
trimmed quote, a Chinese UI, a To field that looks like a body, ...). The words, people and layout CSS
are ours. A page inserts its compose ~800 ms after load, as the client does after a click on Reply.
`PAGES` maps a name (`?fixture=NAME`, see etq_e2e.py) to the page's HTML.
"""

# The markup stays one element run per line, as the sites write it, so a line may be long.
# ruff: noqa: E501

from __future__ import annotations

from html import escape

# The recruiter's message, in the thread view or quoted in the reply (salary, a decision date, "!!!":
# nothing of it may reach the checker).
RECRUITER_NOTE = (
    "Hi Jordan, thanks for coming in. The salary band and the bonus are on the sheet. We hope to make a "
    "decision by the end of next week!!! Best, {first}"
)

# Yesterday, written into the page as each client writes a date (en-US unless said otherwise).
YESTERDAY = "const yesterday = new Date(Date.now() - 864e5);\n"
SHORT_DATE = "yesterday.toLocaleDateString('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' })"
LONG_DATE = "yesterday.toLocaleDateString('en-US', { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' })"


def _page(title: str, lang: str, note: str, css: str, body: str, script: str) -> str:
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
        f"<!-- Built by e2e/etq_pages.py after the structure of real markup (shared/realdom/SOURCES.md): {note} -->\n"
        f"<style>\n{css}\n</style>\n</head>\n<body>\n{body}\n<script>\n{script}\n</script>\n</body>\n</html>\n"
    )


def _insert_later(template_id: str, into: str, then: str = "") -> str:
    """The client renders the compose a moment after the user's click: the template goes in after 800 ms."""
    return (
        f"const tpl = document.getElementById('{template_id}').content;\n"
        f"setTimeout(() => {{\n  {into}.appendChild(document.importNode(tpl, true));\n{then}}}, 800);"
    )


# --- Gmail ------------------------------------------------------------------------------------------
# The thread view in a centred pane (div.AO), the "click here to reply" box .ip.iq that turns into
# .ip.adB holding the compose div.M9 (.aoI > table.aoP form.bAs + table.iN editor + table.IZ Send row);
# the 2024-25 editor element (Am aiL Al editable LW-avf tS-tW tS-tY, g_editable); the legacy To chip
# span.vN.bfK.a3q[email][data-hovercard-id] in div.vR with its hidden input; the signature
# (gmail_signature_prefix + div.gmail_signature[data-smartmail]); Gmail's reply quote (div.gmail_quote >
# div.gmail_attr "On ... wrote:" + blockquote.gmail_quote); Send div.T-I.J-J5-Ji.aoO.v7.T-I-atl.L3 in
# table.IZ tr.btC td.gU.Up div.dC.

GMAIL_CSS = """  body { margin: 0; font: 14px Arial, Helvetica, sans-serif; background: #f6f8fc; color: #202124; }
  .AO { max-width: 820px; margin: 0 auto; background: #fff; padding: 8px 16px; min-height: 100vh; box-sizing: border-box; }
  .hP { font-size: 20px; margin: 8px 0 16px; }
  .a3s { margin: 8px 0 16px; }
  .Am { outline: none; padding: 8px; border: 1px solid #dadce0; min-height: 420px; }
  .gmail_quote { color: #5f6368; }
  .IZ { margin-top: 8px; }
  .T-I { display: inline-block; padding: 8px 18px; border-radius: 18px; cursor: pointer; margin-right: 6px; }
  .T-I.aoO { background: #0b57d0; color: #fff; }
  .inboxsdk__button { background: #e8f0fe; color: #0b57d0; }
  .vR { display: inline-block; background: #e8eaed; border-radius: 12px; padding: 0 8px; }"""


def gmail_chip(name: str, email: str) -> str:
    return (
        f'<div class="vR"><span class="vN bfK a3q" email="{email}" data-hovercard-id="{email}"><div class="vT">'
        f'{escape(name)}</div><div class="vM"></div></span><input name="to" type="hidden" value="'
        f'{escape(name)} &lt;{email}&gt;"></div>'
    )


def gmail_send_row(*buttons: str) -> str:
    return (
        '<table class="IZ"><tbody><tr class="btC"><td class="gU Up"><div class="J-J5-Ji btA"><div class="dC">'
        + "".join(buttons)
        + "</div></div></td></tr></tbody></table>"
    )


def gmail_send(label: str = "Send", element_id: str = "") -> str:
    tip = f"{label} &#x202A;(Ctrl-Enter)&#x202C;"
    ident = f'id="{element_id}" ' if element_id else ""
    return (
        f'<div {ident}class="T-I J-J5-Ji aoO v7 T-I-atl L3" role="button" tabindex="1" data-tooltip="{tip}" '
        f'aria-label="{tip}">{label}</div>'
    )


GMAIL_SIGNATURE = (
    '<span class="gmail_signature_prefix">-- </span><br><div dir="ltr" class="gmail_signature" '
    'data-smartmail="gmail_signature"><div dir="ltr">Jordan Lee<br>Analytics engineer · Leeds</div></div>'
)


def gmail_quote(attribution: str, text: str) -> str:
    return (
        f'<div class="gmail_quote"><div dir="ltr" class="gmail_attr">{attribution}<br></div><blockquote '
        'class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);'
        f'padding-left:1ex"><div dir="ltr">{text}</div></blockquote></div>'
    )


def gmail_reply(name: str, email: str, *, trimmed: bool, note: str) -> str:
    """An inline reply in a Spanish UI ("Cuerpo del mensaje", "Enviar") with another extension's button
    before Send. `trimmed`: the quote is not in the editor (as until "Show trimmed content"), and the
    employer's message in the thread view carries its date (span.g3[title]); else the quote is."""
    said = escape(RECRUITER_NOTE.format(first=name.split()[0]))
    sent_at = ' <span class="g3" id="sent-at" title="">yesterday</span>' if trimmed else ""
    quote = (
        ""
        if trimmed
        else "<br>"
        + gmail_quote(
            f'On <span data-fixture-date="gmail"></span> at 9:12 AM {escape(name)} &lt;{email}&gt; wrote:',
            said,
        )
    )
    body = f"""<div class="AO">
  <div class="nH" role="main">
    <h2 class="hP">Analytics Engineer interview</h2>
    <div class="gs"><span class="gD" email="{email}" name="{escape(name)}">{escape(name)}</span>{sent_at}
      <div class="a3s aiL"><div dir="ltr">{said}</div></div>
    </div>
    <div class="ip iq" id="reply-box">Haz clic aquí para <span class="ams">Responder</span></div>
  </div>
</div>
<template id="reply">
  <div class="M9">
    <div class="aoI">
      <table class="aoP"><tbody><tr><td class="I5">
        <form class="bAs" method="POST">
          <div class="GS"><div class="anm" name="to">Para
            {gmail_chip(name, email)}
          </div></div>
          <input name="subjectbox" type="hidden" value="Re: Analytics Engineer interview">
        </form>
      </td></tr></tbody></table>
      <table class="iN"><tbody><tr><td><div class="Ar Au">
        <div id=":k8" class="Am aiL Al editable LW-avf tS-tW tS-tY" hidefocus="true" aria-label="Cuerpo del mensaje" writingsuggestions="false" g_editable="true" role="textbox" aria-multiline="true" contenteditable="true" tabindex="1" spellcheck="false"><div dir="ltr"><br></div><div><br></div>{
        GMAIL_SIGNATURE
    }{quote}</div>
      </div></td></tr></tbody></table>
      {
        gmail_send_row(
            '<div class="inboxsdk__button inboxsdk__compose_actionButton" role="button" tabindex="1" aria-label="Programar">Programar</div>',
            gmail_send("Enviar", ":79"),
            '<div id=":75" class="T-I J-J5-Ji hG T-I-atl L3" role="button" tabindex="1" aria-label="Más opciones de envío" aria-haspopup="true">▾</div>',
        )
    }
    </div>
  </div>
</template>"""
    dated = (
        f'// Gmail\'s title on the message date: "Mon, Nov 30, 2026, 9:12 AM".\n'
        f"document.getElementById('sent-at').title = {SHORT_DATE} + ', 9:12 AM';\n"
        if trimmed
        else f'// As Gmail (en-US) writes it in the quote header: "Mon, Nov 30, 2026".\n'
        f"document.getElementById('reply').content.querySelector('[data-fixture-date]').textContent = {SHORT_DATE};\n"
    )
    script = (
        YESTERDAY
        + dated
        + "window.sends = 0;\nwindow.sdkClicks = 0;\n"
        + "// The user clicked Reply: Gmail turns the .ip.iq box into .ip.adB and renders the compose inside it.\n"
        + "const ip = document.getElementById('reply-box');\n"
        + _insert_later(
            "reply",
            "(ip.className = 'ip adB', ip.textContent = '', ip)",
            "  document.getElementById(':79').addEventListener('click', () => { window.sends++; });\n"
            "  document.querySelector('.inboxsdk__button').addEventListener('click', () => { window.sdkClicks++; });\n",
        )
    )
    return _page("Analytics role - jordan.lee@example.com - Gmail", "es", note, GMAIL_CSS, body, script)


def gmail_forward() -> str:
    """A pop-up compose (div.dw dock > div.nH.Hd[role=dialog] > div.M9) forwarding a message: Gmail puts
    the user's own note inside div.gmail_quote.gmail_quote_container, before the div.gmail_attr
    "---------- Forwarded message ---------" header and the forwarded text."""
    css = """  body { margin: 0; font: 14px Arial, Helvetica, sans-serif; background: #f6f8fc; color: #202124; }
  .dw { position: fixed; right: 16px; bottom: 0; width: 560px; background: #fff; border: 1px solid #c4c7c5;
    box-shadow: 0 4px 12px rgba(0,0,0,.25); }
  .aoT { width: 100%; border: 0; border-bottom: 1px solid #eee; padding: 6px 8px; box-sizing: border-box; font: inherit; }
  .Am { outline: none; padding: 8px; min-height: 260px; }
  .T-I.aoO { display: inline-block; background: #0b57d0; color: #fff; padding: 8px 18px; border-radius: 18px; margin: 8px; }"""
    forwarded = (
        '<div class="gmail_quote gmail_quote_container"><div dir="ltr">Hi Alex, forwarding the note from Acme. '
        'Do you think I should ask them what the salary is?</div><div dir="ltr"><br></div><div dir="ltr" '
        'class="gmail_attr">---------- Forwarded message ---------<br>From: <strong class="gmail_sendername" '
        'dir="auto">Siobhan O\'Donnell</strong> <span dir="auto">&lt;siobhan.odonnell@acme-analytics.example'
        "&gt;</span><br>Date: Mon, Nov 23, 2026 at 9:12 AM<br>Subject: Analytics Engineer interview<br></div>"
        '<br><br><div dir="ltr">Hi Jordan, send me the signed forms ASAP!!! Thx.</div></div>'
    )
    body = f"""<div class="nH" role="main" style="padding:16px">Inbox</div>
<div class="dw" id="dock"></div>
<template id="compose">
  <div class="nH Hd" role="dialog" aria-label="Fwd: Analytics Engineer interview">
    <div class="aaZ"><div class="M9">
      <form class="bAs" method="POST">
        <div class="GS"><div class="anm" name="to">To
          {gmail_chip("Alex Mentor", "mentor@example.org")}
        </div></div>
        <input name="subjectbox" class="aoT" placeholder="Subject" aria-label="Subject" value="Fwd: Analytics Engineer interview">
      </form>
      <div class="Am aiL Al editable" g_editable="true" role="textbox" aria-label="Message Body" aria-multiline="true" contenteditable="true">{forwarded}</div>
      {gmail_send_row(gmail_send())}
    </div></div>
  </div>
</template>"""
    note = "a forward from the pop-up compose; the user's note sits inside the quote container."
    return _page(
        "Inbox - jordan.lee@example.com - Gmail",
        "en",
        note,
        css,
        body,
        _insert_later("compose", "document.getElementById('dock')"),
    )


# --- Outlook on the web -----------------------------------------------------------------------------
# The reading-pane reply div[role=main][data-app-section=MailReadCompose] with #docking_InitVisiblePart_0,
# the Fluent split Send button#splitButton-ro__primaryActionButton, the subject
# input#TextField250.ms-TextField-field, the To well whose chip ([data-selection-index] .lpc-hoverTarget)
# shows only the display name, and the editor #editorParent_1 > [role=textbox] > .elementToProof +
# #Signature, then #appendonsend, hr and #divRplyFwdMsg (From/Sent/To/Subject) above the quoted body.

OUTLOOK_CSS = """  body { margin: 0; font: 14px "Segoe UI", Arial, sans-serif; background: #f3f2f1; color: #242424; }
  #app { max-width: 900px; margin: 0 auto; background: #fff; padding: 12px 16px; min-height: 100vh; box-sizing: border-box; }
  [role=textbox][aria-multiline] { outline: none; }
  #editorParent_1 [contenteditable] { min-height: 240px; border: 1px solid #e1dfdd; padding: 8px; }
  .fui-SplitButton__primaryActionButton { background: #0f6cbd; color: #fff; border: 0; padding: 6px 16px; border-radius: 4px; }
  .well { display: inline-block; min-width: 300px; border-bottom: 1px solid #e1dfdd; }
  .lpc-hoverTarget { display: inline-block; background: #f0f0f0; border-radius: 10px; padding: 0 8px; }
  .ms-TextField-field { width: 100%; border: 0; border-bottom: 1px solid #e1dfdd; padding: 6px 0; font: inherit; margin: 6px 0; }"""

# The UI words of the two locales the pages use (the zh-CN Send label as a test against live zh-CN
# Outlook finds it; the reply header as the realdom outlook-reply-history capture writes it).
OUTLOOK_WORDS = {
    "en": {
        "send": "Send",
        "send_title": ' title="Send (Ctrl+Enter)"',
        "more": "More send options",
        "to": "To",
        "subject": "Add a subject",
        "body": "Message body, press Alt+F10 to exit",
        "header": ("From:", "Sent:", "To:", "Subject:"),
        "time": " 9:12 AM",
        # As Outlook (en-US) writes it on the Sent line: "Monday, November 30, 2026".
        "date": LONG_DATE,
    },
    "zh-CN": {
        "send": "发送",
        "send_title": "",
        "more": "更多发送选项",
        "to": "收件人",
        "subject": "添加主题",
        "body": "邮件正文，按 Alt+F10 退出",
        "header": ("发件人:", "发送时间:", "收件人:", "主题:"),
        "time": " 9:12",
        # As zh-CN Outlook writes it: year 年 month 月 day 日.
        "date": "yesterday.getFullYear() + '年' + (yesterday.getMonth() + 1) + '月' + yesterday.getDate() + '日'",
    },
}


def outlook_reply(
    *, lang: str = "en", to_like_body: bool = False, chip_address: bool = False, note: str
) -> str:
    """A reply to Priya Shah, whose address is only in the reply header unless `chip_address` (the chip's
    data-lpc-hover-target-id); `to_like_body`: the To well also has aria-multiline and a body's size."""
    w = OUTLOOK_WORDS[lang]
    frm, sent, to, subject = w["header"]
    well_extra = ' aria-multiline="true"' if to_like_body else ""
    well_style = ' style="min-width:420px;min-height:24px"' if to_like_body else ""
    chip_id = ' data-lpc-hover-target-id="priya.shah@northwind.example"' if chip_address else ""
    body = f"""<div id="root"></div>
<template id="compose">
<div id="app"><div role="main" data-app-section="MailReadCompose" aria-label="Reading Pane">
  <div id="docking_InitVisiblePart_0"><div>
    <div><div><div><span><button type="button" id="splitButton-ro__primaryActionButton" class="fui-Button r1alrhcs ms-Button ms-ButtonNext fui-SplitButton__primaryActionButton" aria-label="{w["send"]}"{w["send_title"]}><span class="fui-Button__icon"><i data-icon-name="SendRegular" aria-hidden="true"></i></span>{w["send"]}</button><button type="button" class="fui-Button r1alrhcs fui-MenuButton ms-Button ms-ButtonNext fui-SplitButton__menuButton" aria-expanded="false" aria-haspopup="true" aria-label="{w["more"]}">▾</button></span></div></div></div>
    <div><div><div>{w["to"]} <div aria-label="{w["to"]}" role="textbox"{well_extra} contenteditable="true" class="well"{well_style}><div data-selection-index="0"><div class="lpc-hoverTarget" role="button" tabindex="-1"{chip_id}><span>Priya Shah</span></div></div></div></div></div></div>
    <div><span><input type="text" id="TextField250" class="ms-TextField-field" aria-label="{w["subject"]}" placeholder="{w["subject"]}" maxlength="255" value="RE: Analytics Engineer interview"></span></div>
  </div></div>
  <div id="docking_DockingTriggerPart_0"><div class="" id="editorParent_1">
    <div tabindex="0" dir="ltr" class="dFCbN k1Ttj dPKNh DziEn" role="textbox" aria-multiline="true" aria-label="{w["body"]}" contenteditable="true" style="user-select: text;" textprediction="false" spellcheck="true"><div class="elementToProof"><div class="elementToProof" style="font-family:Calibri,Helvetica,sans-serif; font-size:11pt"><br></div><div id="Signature"><div><p style="margin:0">Jordan Lee<br>Analytics engineer</p></div></div></div><div id="appendonsend"></div><hr tabindex="-1" style="display:inline-block; width:98%"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>{frm}</b> Priya Shah &lt;priya.shah@northwind.example&gt;<br><b>{sent}</b> <span data-fixture-date="outlook"></span>{w["time"]}<br><b>{to}</b> Jordan Lee &lt;jordan.lee@example.com&gt;<br><b>{subject}</b> Analytics Engineer interview</font><div>&nbsp;</div></div><div class="x_elementToProof" style="font-family:Calibri,Helvetica,sans-serif; font-size:12pt">Hi Jordan, thank you for your time. The salary band and the bonus are on the attached sheet. We will let you know by the end of next week!!! Best, Priya</div></div>
  </div></div>
</div></div>
</template>"""
    script = (
        YESTERDAY
        + f"document.getElementById('compose').content.querySelector('[data-fixture-date]').textContent = {w['date']};\n"
        + "window.sends = 0;\n"
        + _insert_later(
            "compose",
            "document.getElementById('root')",
            "  document.getElementById('splitButton-ro__primaryActionButton').addEventListener('click', () => "
            "{ window.sends++; });\n",
        )
    )
    return _page("Mail - Jordan Lee - Outlook", lang, note, OUTLOOK_CSS, body, script)


# --- Yahoo Mail -------------------------------------------------------------------------------------
# The compose [data-test-id=compose] with its header (container-to, pill[title="Name <addr>"],
# #message-to-field, #message-subject-field), #editor-container > [data-test-id=rte], and a draft reopened
# from Drafts whose stored HTML carries the ydp<hash> prefix: div.ydp…yahoo-style-wrap for the user's text.

YAHOO_CSS = """  body { margin: 0; font: 14px "Helvetica Neue", Helvetica, Arial, sans-serif; background: #f5f8fa; color: #232a31; }
  #mail-app-component { max-width: 800px; margin: 0 auto; background: #fff; padding: 12px 16px; min-height: 100vh; box-sizing: border-box; }
  [data-test-id=rte] { min-height: 240px; border: 1px solid #e0e4e9; padding: 8px; outline: none; }
  ul.pill-list { display: inline-flex; list-style: none; margin: 0; padding: 0; gap: 6px; }
  [data-test-id=pill] { background: #eef; border-radius: 10px; padding: 0 8px; }
  #message-subject-field { width: 100%; border: 0; border-bottom: 1px solid #e0e4e9; padding: 6px 0; margin: 6px 0; font: inherit; }
  [data-test-id=compose-send-button] { background: #0f69ff; color: #fff; border: 0; border-radius: 16px; padding: 6px 20px; margin-top: 8px; }"""

YAHOO_QUOTED = (
    "Hi Jordan, lovely to meet you. The salary band, the bonus and the holiday allowance are on the sheet. "
    "We hope to make a decision by the end of next week!!! Thx, Tomás"
)
YAHOO_ATTRIBUTION = (
    '<div> On <span data-fixture-date="yahoo"></span>, 09:12:07 AM GMT, Tomás Novák &lt;tomas.novak@fabrikam.example&gt; '
    "wrote: </div>"
)


def yahoo_reopened(*, after_marker: bool, note: str) -> str:
    """A draft reopened from Drafts, replying to Tomás Novák. The history is the ydp-prefixed quote
    div#ydp…yahoo_quoted_<n>.ydp…yahoo_quoted (attribution + div#ydp…yiv…), or, `after_marker`, plain divs
    after Yahoo's marker div.yahoo-quoted-begin (spelt with hyphens), outside any yahoo_quoted element."""
    if after_marker:
        history = YAHOO_ATTRIBUTION.replace("<div>", '<div class="yahoo-quoted-begin">', 1) + (
            f"<div><br></div><div>{YAHOO_QUOTED}</div>"
        )
    else:
        history = (
            '<div id="ydp2d263a95yahoo_quoted_3699820886" class="ydp2d263a95yahoo_quoted"><div style="font-family:'
            "'Helvetica Neue', Helvetica, Arial, sans-serif;font-size:13px;color:#26282a;\">"
            f'{YAHOO_ATTRIBUTION}<div><br></div><div><br></div><div><div id="ydp2d263a95yiv0516350217"><div>'
            f"{YAHOO_QUOTED}</div></div></div></div></div>"
        )
    body = f"""<div id="root"></div>
<template id="compose">
<div id="mail-app-component"><div data-test-id="compose">
  <div class="compose-header">
    <div data-test-id="compose-header-field-to"><div data-test-id="container-to"><label id="to">To</label>
      <ul class="pill-list"><li><div data-test-id="pill" title="Tomás Novák &lt;tomas.novak@fabrikam.example&gt;"><span data-test-id="pill-text">Tomás Novák</span></div></li>
      <li class="pill-container"><input id="message-to-field" class="input-to" aria-labelledby="to" role="combobox" type="text"></li></ul>
    </div></div>
    <div><input id="message-subject-field" data-test-id="compose-subject" aria-label="Subject" placeholder="Subject" value="Re: Analytics Engineer interview"></div>
  </div>
  <div id="editor-container"><div data-test-id="rte" contenteditable="true" role="textbox" aria-multiline="true" aria-label="Message body"><div class="ydp2d263a95yahoo-style-wrap" style="font-family:Helvetica Neue, Helvetica, Arial, sans-serif;font-size:13px;"><div dir="ltr" data-setdir="false"><br></div></div><div><br></div>{history}</div></div>
  <div><button type="button" data-test-id="compose-send-button" title="Send"><span>Send</span></button></div>
</div></div>
</template>"""
    script = (
        YESTERDAY
        + '// As Yahoo writes it in the quote header: "Monday, November 30, 2026".\n'
        + f"document.getElementById('compose').content.querySelector('[data-fixture-date]').textContent = {LONG_DATE};\n"
        + _insert_later("compose", "document.getElementById('root')")
    )
    return _page("Re: Analytics Engineer interview - Yahoo Mail", "en", note, YAHOO_CSS, body, script)


PAGES = {
    "gmail-reply-pane": gmail_reply(
        "Siobhan O'Donnell",
        "siobhan.odonnell@acme-analytics.example",
        trimmed=False,
        note="an inline reply with the quote in the editor; the quote's date is yesterday.",
    ),
    "gmail-reply-trimmed": gmail_reply(
        "Mia Chen",
        "mia.chen@contoso.example",
        trimmed=True,
        note="an inline reply whose quote is trimmed; the employer's message (yesterday) is in the thread view.",
    ),
    "gmail-forward": gmail_forward(),
    "outlook-reply-names": outlook_reply(
        note="the To chip shows the name only; the address is in the reply header."
    ),
    "outlook-reply-zh": outlook_reply(
        lang="zh-CN", chip_address=True, note="a zh-CN UI: Send labelled 发送; the chip carries its address."
    ),
    "outlook-to-field": outlook_reply(
        to_like_body=True, note="the To well also carries role=textbox, aria-multiline and contenteditable."
    ),
    "yahoo-reopened": yahoo_reopened(after_marker=False, note="the quote carries the ydp prefix."),
    "yahoo-marker": yahoo_reopened(
        after_marker=True, note="the history follows the yahoo-quoted-begin marker."
    ),
}

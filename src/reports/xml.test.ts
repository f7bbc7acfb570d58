import { describe, expect, it } from "vitest";
import { element, xmlAttr, xmlText } from "./xml.ts";

describe("xml escaping", () => {
  it("escapes text: & < > (so no ]]> survives), quotes left as they are", () => {
    expect(xmlText(`a & b < c > d ]]> "e" 'f'`)).toBe(`a &amp; b &lt; c &gt; d ]]&gt; "e" 'f'`);
  });

  it("escapes attributes: quotes, tab and newline too", () => {
    expect(xmlAttr(`"a" & 'b' <c>\td\ne`)).toBe("&quot;a&quot; &amp; &apos;b&apos; &lt;c&gt;&#9;d&#10;e");
  });

  it("shows characters XML 1.0 forbids as \\uXXXX and keeps CRLF as a newline", () => {
    expect(xmlText("a\x00b\x08c\x0Bd\x1Fe\uFFFEf\uDC00g\r\nh\ri")).toBe("a\\u0000b\\u0008c\\u000Bd\\u001Fe\\uFFFEf\\uDC00g\nh\ni");
    expect(xmlText("pair 😀 kept")).toBe("pair 😀 kept");
  });

  it("writes elements with and without children", () => {
    expect(element("a", { x: 1, y: "<" })).toBe('<a x="1" y="&lt;"/>');
    expect(element("a", {}, "<b/>")).toBe("<a><b/></a>");
  });
});

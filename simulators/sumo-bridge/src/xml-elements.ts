/**
 * Dependency-free reader for the flat, attribute-only XML SUMO writes (net, tripinfo, additional files).
 * Yields start tags with attributes and their parent element name; text content and namespaces are ignored.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  /** Name of the enclosing element, '' at the root. */
  parent: string;
  /** The nearest enclosing element's attributes (e.g. the edge of a lane). */
  parentAttrs: Record<string, string>;
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'" };

export function* xmlElements(xml: string): Generator<XmlElement> {
  const stack: { name: string; attrs: Record<string, string> }[] = [];
  const tag = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<!DOCTYPE[^>]*>|<\/([A-Za-z_][\w:.-]*)\s*>|<([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const [, closing, name, attrText, selfClosing] = m;
    if (closing) {
      stack.pop();
      continue;
    }
    if (!name) continue;
    const attrs: Record<string, string> = {};
    const attr = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
    for (let a = attr.exec(attrText ?? ''); a; a = attr.exec(attrText ?? '')) {
      attrs[a[1] ?? ''] = (a[2] ?? a[3] ?? '').replace(/&(lt|gt|amp|quot|apos);/g, (e) => ENTITIES[e] ?? e);
    }
    const top = stack[stack.length - 1];
    yield { name, attrs, parent: top?.name ?? '', parentAttrs: top?.attrs ?? {} };
    if (!selfClosing) stack.push({ name, attrs });
  }
}

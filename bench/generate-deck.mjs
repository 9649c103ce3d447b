/**
 * A generated deck of `count` slides: a heading, a paragraph, three bullets, a short highlighted code
 * block and speaker notes each, with a vertical stack every tenth slide.
 */
export function generateDeck(count, { title = `Generated deck of ${count} slides`, frontMatter = '' } = {}) {
  const slides = [];
  for (let i = 1; i <= count; i++) {
    const separator = i === 1 ? '' : i % 10 === 0 ? '\n----\n\n' : '\n---\n\n';
    slides.push(`${separator}## Slide ${i}: the point

A paragraph that makes the point of slide ${i} in one sentence.

- first supporting fact
- second supporting fact
- third supporting fact

\`\`\`js
export function slide${i}(x) {
  return x * ${i};
}
\`\`\`

Note: What the presenter says on slide ${i}.
`);
  }
  return `---\ntitle: ${title}\ntheme: white\n${frontMatter}---\n\n${slides.join('')}`;
}

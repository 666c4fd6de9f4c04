import ReactMarkdown from "react-markdown";

/**
 * Documentation Markdown; raw HTML is not rendered (react-markdown's safe default). Its headings
 * sit below the section holding it (an h2 card): # is an h3, ## an h4, ### and deeper h5/h6
 * (WCAG 1.3.1).
 */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="space-y-3 text-sm leading-6 text-slate-800">
      <ReactMarkdown
        components={{
          h1: (p) => <h3 className="text-lg font-semibold text-slate-900" {...p} />,
          h2: (p) => <h4 className="text-base font-semibold text-slate-900" {...p} />,
          h3: (p) => <h5 className="font-semibold text-slate-900" {...p} />,
          h4: (p) => <h6 className="font-semibold text-slate-900" {...p} />,
          h5: (p) => <h6 className="font-semibold text-slate-900" {...p} />,
          h6: (p) => <h6 className="font-semibold text-slate-900" {...p} />,
          a: (p) => <a className="text-brand-700 underline" rel="noopener noreferrer" {...p} />,
          code: (p) => (
            <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs" {...p} />
          ),
          pre: (p) => (
            <pre
              className="overflow-x-auto rounded-md bg-slate-900 p-3 text-slate-100 [&_code]:bg-transparent [&_code]:text-slate-100"
              {...p}
            />
          ),
          ul: (p) => <ul className="list-inside list-disc space-y-1" {...p} />,
          ol: (p) => <ol className="list-inside list-decimal space-y-1" {...p} />,
        }}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}

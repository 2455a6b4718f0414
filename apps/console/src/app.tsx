import { useEffect, useRef, useState } from 'preact/hooks';
import { clearSession, loadSession, saveSession, type Session } from './lib/session';
import { SessionContext } from './lib/sessionContext';
import { Dashboard } from './pages/Dashboard';
import { Playground } from './pages/Playground';
import { Review } from './pages/Review';
import { SignIn } from './pages/SignIn';

type Page = 'playground' | 'review' | 'dashboard';
const PAGES: Record<Session['kind'], { page: Page; title: string }[]> = {
  tenant: [
    { page: 'playground', title: 'Playground' },
    { page: 'review', title: 'Review queue' },
  ],
  operator: [{ page: 'dashboard', title: 'Dashboard' }],
};

// The page is in the fragment (#/review), so a reload or a shared link keeps it and the server serves one file.
const pageOf = (session: Session): Page => {
  const wanted = location.hash.replace(/^#\/?/, '');
  const pages = PAGES[session.kind];
  return (pages.find((p) => p.page === wanted) ?? pages[0]!).page;
};

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [page, setPage] = useState<Page | null>(session ? pageOf(session) : null);
  const heading = useRef<HTMLElement>(null);

  useEffect(() => {
    const onHash = () => session && setPage(pageOf(session));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [session]);
  // After a page change, focus moves to the page so keyboard and screen-reader users start there.
  useEffect(() => heading.current?.focus(), [page]);

  if (!session) {
    return (
      <SignIn
        onSignedIn={(s) => {
          saveSession(s);
          setSession(s);
          setPage(pageOf(s));
        }}
      />
    );
  }
  const signOut = () => {
    clearSession();
    setSession(null);
    location.hash = '';
  };
  return (
    <SessionContext.Provider value={session}>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), heading.current?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <span class="brand">CRS console</span>
        <nav aria-label="Pages">
          {PAGES[session.kind].map((p) => (
            <a key={p.page} href={`#/${p.page}`} aria-current={p.page === page ? 'page' : undefined}>
              {p.title}
            </a>
          ))}
        </nav>
        <span class="who">{session.kind === 'tenant' ? 'Tenant view' : 'Operator view'}</span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" ref={heading} tabIndex={-1}>
        {page === 'playground' && <Playground />}
        {page === 'review' && <Review />}
        {page === 'dashboard' && <Dashboard />}
      </main>
    </SessionContext.Provider>
  );
}

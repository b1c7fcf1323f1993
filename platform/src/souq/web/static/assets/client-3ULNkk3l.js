import"./modulepreload-polyfill-B5Qt9EMX.js";import{c as gt}from"./client-wkOhMJXj.js";var J,v,Ve,F,Re,Qe,Xe,pe,re,z,Ye,Ce,ge,ye,Ze,ae={},le=[],yt=/acit|ex(?:s|g|n|p|$)|rph|grid|ows|mnc|ntw|ine[ch]|zoo|^ord|itera/i,V=Array.isArray;function R(t,e){for(var n in e)t[n]=e[n];return t}function $e(t){t&&t.parentNode&&t.parentNode.removeChild(t)}function T(t,e,n){var s,i,r,l={};for(r in e)r=="key"?s=e[r]:r=="ref"?i=e[r]:l[r]=e[r];if(arguments.length>2&&(l.children=arguments.length>3?J.call(arguments,2):n),typeof t=="function"&&t.defaultProps!=null)for(r in t.defaultProps)l[r]===void 0&&(l[r]=t.defaultProps[r]);return G(t,l,s,i,null)}function G(t,e,n,s,i){var r={type:t,props:e,key:n,ref:s,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:i??++Ve,__i:-1,__u:0};return i==null&&v.vnode!=null&&v.vnode(r),r}function Q(t){return t.children}function ie(t,e){this.props=t,this.context=e}function O(t,e){if(e==null)return t.__?O(t.__,t.__i+1):null;for(var n;e<t.__k.length;e++)if((n=t.__k[e])!=null&&n.__e!=null)return n.__e;return typeof t.type=="function"?O(t):null}function vt(t){if(t.__P&&t.__d){var e=t.__v,n=e.__e,s=[],i=[],r=R({},e);r.__v=e.__v+1,v.vnode&&v.vnode(r),Se(t.__P,r,e,t.__n,t.__P.namespaceURI,32&e.__u?[n]:null,s,n??O(e),!!(32&e.__u),i),r.__v=e.__v,r.__.__k[r.__i]=r,it(s,r,i),e.__e=e.__=null,r.__e!=n&&et(r)}}function et(t){if((t=t.__)!=null&&t.__c!=null)return t.__e=t.__c.base=null,t.__k.some(function(e){if(e!=null&&e.__e!=null)return t.__e=t.__c.base=e.__e}),et(t)}function ve(t){(!t.__d&&(t.__d=!0)&&F.push(t)&&!ce.__r++||Re!=v.debounceRendering)&&((Re=v.debounceRendering)||Qe)(ce)}function ce(){try{for(var t,e=1;F.length;)F.length>e&&F.sort(Xe),t=F.shift(),e=F.length,vt(t)}finally{F.length=ce.__r=0}}function tt(t,e,n,s,i,r,l,c,_,d,m){var h,o,u,g,w,p,y=s&&s.__k||le,f=e.length;for(_=bt(n,e,y,_,f),h=0;h<f;h++)(u=n.__k[h])!=null&&(o=u.__i!=-1&&y[u.__i]||ae,u.__i=h,p=Se(t,u,o,i,r,l,c,_,d,m),g=u.__e,u.ref&&o.ref!=u.ref&&(o.ref&&Ie(o.ref,null,u),m.push(u.ref,u.__c||g,u)),w==null&&g!=null&&(w=g),4&u.__u?(_=nt(u,_,t),o.__e&&(o.__e=null)):typeof u.type=="function"&&p!==void 0?_=p:g&&(_=g.nextSibling),u.__u&=-7);return n.__e=w,_}function bt(t,e,n,s,i){var r,l,c,_,d,m=n.length,h=m,o=0;for(t.__k=new Array(i),r=0;r<i;r++)(l=e[r])!=null&&typeof l!="boolean"&&typeof l!="function"?(typeof l=="string"||typeof l=="number"||typeof l=="bigint"||l.constructor==String?l=t.__k[r]=G(null,l,null,null,null):V(l)?l=t.__k[r]=G(Q,{children:l},null,null,null):l.constructor===void 0&&l.__b>0?l=t.__k[r]=G(l.type,l.props,l.key,l.ref?l.ref:null,l.__v):t.__k[r]=l,_=r+o,l.__=t,l.__b=t.__b+1,c=null,(d=l.__i=wt(l,n,_,h))!=-1&&(h--,(c=n[d])&&(c.__u|=2)),c==null||c.__v==null?(d==-1&&(i>m?o--:i<m&&o++),typeof l.type!="function"&&(l.__u|=4)):d!=_&&(d==_-1?o--:d==_+1?o++:(d>_?o--:o++,l.__u|=4))):t.__k[r]=null;if(h)for(r=0;r<m;r++)(c=n[r])!=null&&(2&c.__u)==0&&(c.__e==s&&(s=O(c)),at(c,c));return s}function nt(t,e,n){var s,i;if(typeof t.type=="function"){for(s=t.__k,i=0;s&&i<s.length;i++)s[i]&&(s[i].__=t,e=nt(s[i],e,n));return e}t.__e!=e&&(e&&t.type&&!e.parentNode&&(e=O(t)),e=n.insertBefore(t.__e,e||null));do e=e&&e.nextSibling;while(e!=null&&e.nodeType==8);return e}function st(t,e){return e=e||[],t==null||typeof t=="boolean"||(V(t)?t.some(function(n){st(n,e)}):e.push(t)),e}function wt(t,e,n,s){var i,r,l,c=t.key,_=t.type,d=e[n],m=d!=null&&(2&d.__u)==0;if(d===null&&c==null||m&&c==d.key&&_==d.type)return n;if(s>(m?1:0)){for(i=n-1,r=n+1;i>=0||r<e.length;)if((d=e[l=i>=0?i--:r++])!=null&&(2&d.__u)==0&&c==d.key&&_==d.type)return l}return-1}function Pe(t,e,n){e[0]=="-"?t.setProperty(e,n??""):t[e]=n==null?"":typeof n!="number"||yt.test(e)?n:n+"px"}function te(t,e,n,s,i){var r,l;e:if(e=="style")if(typeof n=="string")t.style.cssText=n;else{if(typeof s=="string"&&(t.style.cssText=s=""),s)for(e in s)n&&e in n||Pe(t.style,e,"");if(n)for(e in n)s&&n[e]==s[e]||Pe(t.style,e,n[e])}else if(e[0]=="o"&&e[1]=="n")r=e!=(e=e.replace(Ye,"$1")),l=e.toLowerCase(),e=l in t||e=="onFocusOut"||e=="onFocusIn"?l.slice(2):e.slice(2),t.l||(t.l={}),t.l[e+r]=n,n?s?n[z]=s[z]:(n[z]=Ce,t.addEventListener(e,r?ye:ge,r)):t.removeEventListener(e,r?ye:ge,r);else{if(i=="http://www.w3.org/2000/svg")e=e.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(e!="width"&&e!="height"&&e!="href"&&e!="list"&&e!="form"&&e!="tabIndex"&&e!="download"&&e!="rowSpan"&&e!="colSpan"&&e!="role"&&e!="popover"&&e in t)try{t[e]=n??"";break e}catch{}typeof n=="function"||(n==null||n===!1&&e[4]!="-"?t.removeAttribute(e):t.setAttribute(e,e=="popover"&&n==1?"":n))}}function Ae(t){return function(e){if(this.l){var n=this.l[e.type+t];if(e[re]==null)e[re]=Ce++;else if(e[re]<n[z])return;return n(v.event?v.event(e):e)}}}function Se(t,e,n,s,i,r,l,c,_,d){var m,h,o,u,g,w,p,y,f,S,q,P,L,ee,U,$,I=e.type;if(e.constructor!==void 0)return null;128&n.__u&&(_=!!(32&n.__u),r=[c=e.__e=n.__e]),(m=v.__b)&&m(e);e:if(typeof I=="function"){h=l.length;try{if(f=e.props,S=I.prototype&&I.prototype.render,q=(m=I.contextType)&&s[m.__c],P=m?q?q.props.value:m.__:s,n.__c?y=(o=e.__c=n.__c).__=o.__E:(S?e.__c=o=new I(f,P):(e.__c=o=new ie(f,P),o.constructor=I,o.render=$t),q&&q.sub(o),o.state||(o.state={}),o.__n=s,u=o.__d=!0,o.__h=[],o._sb=[]),S&&o.__s==null&&(o.__s=o.state),S&&I.getDerivedStateFromProps!=null&&(o.__s==o.state&&(o.__s=R({},o.__s)),R(o.__s,I.getDerivedStateFromProps(f,o.__s))),g=o.props,w=o.state,o.__v=e,u)S&&I.getDerivedStateFromProps==null&&o.componentWillMount!=null&&o.componentWillMount(),S&&o.componentDidMount!=null&&o.__h.push(o.componentDidMount);else{if(S&&I.getDerivedStateFromProps==null&&f!==g&&o.componentWillReceiveProps!=null&&o.componentWillReceiveProps(f,P),e.__v==n.__v||!o.__e&&o.shouldComponentUpdate!=null&&o.shouldComponentUpdate(f,o.__s,P)===!1){e.__v!=n.__v&&(o.props=f,o.state=o.__s,o.__d=!1),e.__e=n.__e,e.__k=n.__k,e.__k.some(function(E){E&&(E.__=e)}),le.push.apply(o.__h,o._sb),o._sb=[],o.__h.length&&l.push(o),c=O(n);break e}o.componentWillUpdate!=null&&o.componentWillUpdate(f,o.__s,P),S&&o.componentDidUpdate!=null&&o.__h.push(function(){o.componentDidUpdate(g,w,p)})}if(o.context=P,o.props=f,o.__P=t,o.__e=!1,L=v.__r,ee=0,S)o.state=o.__s,o.__d=!1,L&&L(e),m=o.render(o.props,o.state,o.context),le.push.apply(o.__h,o._sb),o._sb=[];else do o.__d=!1,L&&L(e),m=o.render(o.props,o.state,o.context),o.state=o.__s;while(o.__d&&++ee<25);o.state=o.__s,o.getChildContext!=null&&(s=R(R({},s),o.getChildContext())),S&&!u&&o.getSnapshotBeforeUpdate!=null&&(p=o.getSnapshotBeforeUpdate(g,w)),U=m!=null&&m.type===Q&&m.key==null?ot(m.props.children):m,c=tt(t,V(U)?U:[U],e,n,s,i,r,l,c,_,d),o.base=e.__e,e.__u&=-161,o.__h.length&&l.push(o),y&&(o.__E=o.__=null)}catch(E){if(l.length=h,e.__v=null,_||r!=null){if(E.then){for(e.__u|=_?160:128;c&&c.nodeType==8&&c.nextSibling;)c=c.nextSibling;r!=null&&(r[r.indexOf(c)]=null),e.__e=c}else if(r!=null)for($=r.length;$--;)$e(r[$])}else e.__e=n.__e;e.__k==null&&(e.__k=n.__k||[]),E.then||rt(e),v.__e(E,e,n)}}else r==null&&e.__v==n.__v?(e.__k=n.__k,e.__e=n.__e):c=e.__e=Ct(n.__e,e,n,s,i,r,l,_,d);return(m=v.diffed)&&m(e),128&e.__u?void 0:c}function rt(t){t&&(t.__c&&(t.__c.__e=!0),t.__k&&t.__k.some(rt))}function it(t,e,n){for(var s=0;s<n.length;s++)Ie(n[s],n[++s],n[++s]);v.__c&&v.__c(e,t),t.some(function(i){try{t=i.__h,i.__h=[],t.some(function(r){r.call(i)})}catch(r){v.__e(r,i.__v)}})}function ot(t){return typeof t!="object"||t==null||t.__b>0?t:V(t)?t.map(ot):t.constructor!==void 0?null:R({},t)}function Ct(t,e,n,s,i,r,l,c,_){var d,m,h,o,u,g,w,p=n.props||ae,y=e.props,f=e.type;if(f=="svg"?i="http://www.w3.org/2000/svg":f=="math"?i="http://www.w3.org/1998/Math/MathML":i||(i="http://www.w3.org/1999/xhtml"),r!=null){for(d=0;d<r.length;d++)if((u=r[d])&&"setAttribute"in u==!!f&&(f?u.localName==f:u.nodeType==3)){t=u,r[d]=null;break}}if(t==null){if(f==null)return document.createTextNode(y);t=document.createElementNS(i,f,y.is&&y),c&&(v.__m&&v.__m(e,r),c=!1),r=null}if(f==null)p===y||c&&t.data==y||(t.data=y);else{if(r=f=="textarea"&&y.defaultValue!=null?null:r&&J.call(t.childNodes),!c&&r!=null)for(p={},d=0;d<t.attributes.length;d++)p[(u=t.attributes[d]).name]=u.value;for(d in p)u=p[d],d=="dangerouslySetInnerHTML"?h=u:d=="children"||d in y||d=="value"&&"defaultValue"in y||d=="checked"&&"defaultChecked"in y||te(t,d,null,u,i);for(d in y)u=y[d],d=="children"?o=u:d=="dangerouslySetInnerHTML"?m=u:d=="value"?g=u:d=="checked"?w=u:c&&typeof u!="function"||p[d]===u||te(t,d,u,p[d],i);if(m)c||h&&(m.__html==h.__html||m.__html==t.innerHTML)||(t.innerHTML=m.__html),e.__k=[];else if(h&&(t.innerHTML=""),tt(e.type=="template"?t.content:t,V(o)?o:[o],e,n,s,f=="foreignObject"?"http://www.w3.org/1999/xhtml":i,r,l,r?r[0]:n.__k&&O(n,0),c,_),r!=null)for(d=r.length;d--;)$e(r[d]);c&&f!="textarea"||(d="value",f=="progress"&&g==null?t.removeAttribute("value"):g!=null&&(g!==t[d]||f=="progress"&&!g||f=="option"&&g!=p[d])&&te(t,d,g,p[d],i),d="checked",w!=null&&w!=t[d]&&te(t,d,w,p[d],i))}return t}function Ie(t,e,n){try{if(typeof t=="function"){var s=typeof t.__u=="function";s&&t.__u(),s&&e==null||(t.__u=t(e))}else t.current=e}catch(i){v.__e(i,n)}}function at(t,e,n){var s,i;if(v.unmount&&v.unmount(t),(s=t.ref)&&(s.current&&s.current!=t.__e||Ie(s,null,e)),(s=t.__c)!=null){if(s.componentWillUnmount)try{s.componentWillUnmount()}catch(r){v.__e(r,e)}s.base=s.__P=s.__n=null}if(s=t.__k)for(i=0;i<s.length;i++)s[i]&&at(s[i],e,n||typeof t.type!="function");n||$e(t.__e),t.__c=t.__=t.__e=void 0}function $t(t,e,n){return this.constructor(t,n)}function St(t,e,n){var s,i,r,l;e==document&&(e=document.documentElement),v.__&&v.__(t,e),i=(s=!1)?null:e.__k,r=[],l=[],Se(e,t=e.__k=T(Q,null,[t]),i||ae,ae,e.namespaceURI,i?null:e.firstChild?J.call(e.childNodes):null,r,i?i.__e:e.firstChild,s,l),it(r,t,l),t.props.children=null}function Ee(t,e,n){var s,i,r,l,c=R({},t.props);for(r in t.type&&t.type.defaultProps&&(l=t.type.defaultProps),e)r=="key"?s=e[r]:r=="ref"?i=e[r]:c[r]=e[r]===void 0&&l!=null?l[r]:e[r];return arguments.length>2&&(c.children=arguments.length>3?J.call(arguments,2):n),G(t.type,c,s||t.key,i||t.ref,null)}function lt(t){function e(n){var s,i;return this.getChildContext||(s=new Set,(i={})[e.__c]=this,this.getChildContext=function(){return i},this.componentWillUnmount=function(){s=null},this.shouldComponentUpdate=function(r){this.props.value!=r.value&&s.forEach(function(l){l.__e=!0,ve(l)})},this.sub=function(r){s.add(r);var l=r.componentWillUnmount;r.componentWillUnmount=function(){s&&s.delete(r),l&&l.call(r)}}),n.children}return e.__c="__cC"+Ze++,e.__=t,e.Provider=e.__l=(e.Consumer=function(n,s){return n.children(s)}).contextType=e,e}J=le.slice,v={__e:function(t,e,n,s){for(var i,r,l;e=e.__;)if((i=e.__c)&&!i.__)try{if((r=i.constructor)&&r.getDerivedStateFromError!=null&&(i.setState(r.getDerivedStateFromError(t)),l=i.__d),i.componentDidCatch!=null&&(i.componentDidCatch(t,s||{}),l=i.__d),l)return i.__E=i}catch(c){t=c}throw t}},Ve=0,ie.prototype.setState=function(t,e){var n;n=this.__s!=null&&this.__s!=this.state?this.__s:this.__s=R({},this.state),typeof t=="function"&&(t=t(R({},n),this.props)),t&&R(n,t),t!=null&&this.__v&&(e&&this._sb.push(e),ve(this))},ie.prototype.forceUpdate=function(t){this.__v&&(this.__e=!0,t&&this.__h.push(t),ve(this))},ie.prototype.render=Q,F=[],Qe=typeof Promise=="function"?Promise.prototype.then.bind(Promise.resolve()):setTimeout,Xe=function(t,e){return t.__v.__b-e.__v.__b},ce.__r=0,pe=Math.random().toString(8),re="__d"+pe,z="__a"+pe,Ye=/(PointerCapture)$|Capture$/i,Ce=0,ge=Ae(!1),ye=Ae(!0),Ze=0;var It=0;function a(t,e,n,s,i,r){e||(e={});var l,c,_=e;if("ref"in _)for(c in _={},e)c=="ref"?l=e[c]:_[c]=e[c];var d={type:t,props:_,key:n,ref:l,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:--It,__i:-1,__u:0,__source:i,__self:r};if(typeof t=="function"&&(l=t.defaultProps))for(c in l)_[c]===void 0&&(_[c]=l[c]);return v.vnode&&v.vnode(d),d}var H,b,me,Fe,de=0,ct=[],C=v,Le=C.__b,Te=C.__r,Oe=C.diffed,He=C.__c,Ue=C.unmount,Be=C.__;function X(t,e){C.__h&&C.__h(b,t,de||e),de=0;var n=b.__H||(b.__H={__:[],__h:[]});return t>=n.__.length&&n.__.push({}),n.__[t]}function M(t){return de=1,Me(ut,t)}function Me(t,e,n){var s=X(H++,2);if(s.t=t,!s.__c&&(s.__=[ut(void 0,e),function(c){var _=s.__N?s.__N[0]:s.__[0],d=s.t(_,c);_!==d&&(s.__N=[d,s.__[1]],s.__c.setState({}))}],s.__c=b,!b.__f)){var i=function(c,_,d){if(!s.__c.__H)return!0;var m=!1,h=s.__c.props!==c;if(s.__c.__H.__.some(function(u){if(u.__N){m=!0;var g=u.__[0];u.__=u.__N,u.__N=void 0,g!==u.__[0]&&(h=!0)}}),r){var o=r.call(this,c,_,d);return m?o||h:o}return!m||h};b.__f=!0;var r=b.shouldComponentUpdate,l=b.componentWillUpdate;b.componentWillUpdate=function(c,_,d){if(this.__e){var m=r;r=void 0,i(c,_,d),r=m}l&&l.call(this,c,_,d)},b.shouldComponentUpdate=i}return s.__N||s.__}function j(t,e){var n=X(H++,3);!C.__s&&xe(n.__H,e)&&(n.__=t,n.u=e,b.__H.__h.push(n))}function ke(t,e){var n=X(H++,4);!C.__s&&xe(n.__H,e)&&(n.__=t,n.u=e,b.__h.push(n))}function k(t){return de=5,qe(function(){return{current:t}},[])}function qe(t,e){var n=X(H++,7);return xe(n.__H,e)&&(n.__=t(),n.__H=e,n.__h=t),n.__}function dt(t){var e=b.context[t.__c],n=X(H++,9);return n.c=t,e?(n.__==null&&(n.__=!0,e.sub(b)),e.props.value):t.__}function Mt(){for(var t;t=ct.shift();){var e=t.__H;if(t.__P&&e)try{e.__h.some(oe),e.__h.some(be),e.__h=[]}catch(n){e.__h=[],C.__e(n,t.__v)}}}C.__b=function(t){b=null,Le&&Le(t)},C.__=function(t,e){t&&e.__k&&e.__k.__m&&(t.__m=e.__k.__m),Be&&Be(t,e)},C.__r=function(t){Te&&Te(t),H=0;var e=(b=t.__c).__H;e&&(me===b?(e.__h=[],b.__h=[],e.__.some(function(n){n.__N&&(n.__=n.__N),n.u=n.__N=void 0})):(e.__h.some(oe),e.__h.some(be),e.__h=[],H=0)),me=b},C.diffed=function(t){Oe&&Oe(t);var e=t.__c;e&&e.__H&&(e.__H.__h.length&&(ct.push(e)!==1&&Fe===C.requestAnimationFrame||((Fe=C.requestAnimationFrame)||kt)(Mt)),e.__H.__.some(function(n){n.u&&(n.__H=n.u,n.u=void 0)})),me=b=null},C.__c=function(t,e){e.some(function(n){try{n.__h.some(oe),n.__h=n.__h.filter(function(s){return!s.__||be(s)})}catch(s){e.some(function(i){i.__h&&(i.__h=[])}),e=[],C.__e(s,n.__v)}}),He&&He(t,e)},C.unmount=function(t){Ue&&Ue(t);var e,n=t.__c;n&&n.__H&&(n.__H.__.some(function(s){try{oe(s)}catch(i){e=i}}),n.__H=void 0,e&&C.__e(e,n.__v))};var We=typeof requestAnimationFrame=="function";function kt(t){var e,n=function(){clearTimeout(s),We&&cancelAnimationFrame(e),setTimeout(t)},s=setTimeout(n,35);We&&(e=requestAnimationFrame(n))}function oe(t){var e=b,n=t.__c;typeof n=="function"&&(t.__c=void 0,n()),b=e}function be(t){var e=b;t.__c=t.__(),b=e}function xe(t,e){return!t||t.length!==e.length||e.some(function(n,s){return n!==t[s]})}function ut(t,e){return typeof e=="function"?e(t):e}let B,K;function qt(t){return!K||(typeof K=="string"?t.startsWith(K):K.test(t))}function xt(t,e){let n="";if(B=void 0,e&&e.type==="click"){if(e.ctrlKey||e.metaKey||e.altKey||e.shiftKey||e.button!==0)return t;const s=e.composedPath().find(r=>r.nodeName=="A"&&r.href),i=s&&s.getAttribute("href");if(!s||s.origin!=location.origin||/^#/.test(i)||!/^(_?self)?$/i.test(s.target)||!qt(i)||s.download)return t;B=!0,e.preventDefault(),n=s.href.replace(location.origin,"")}else e&&e.url?(B=!e.replace,n=e.url):n=location.pathname+location.search;return B===!0?history.pushState(null,"",n):B===!1&&history.replaceState(null,"",n),n}const Nt=(t,e,n={})=>{t=t.split("/").filter(Boolean),e=(e||"").split("/").filter(Boolean),n.params||(n.params={});for(let s=0,i,r;s<Math.max(t.length,e.length);s++){let[,l,c,_]=(e[s]||"").match(/^(:?)(.*?)([+*?]?)$/);if(i=t[s],!(!l&&c==i)){if(!l&&i&&_=="*"){n.rest="/"+t.slice(s).join("/");break}if(!l||!i&&_!="?"&&_!="*")return;if(r=_=="+"||_=="*",r?i=t.slice(s).map(decodeURIComponent).join("/")||void 0:i&&(i=decodeURIComponent(i)),n.params[c]=i,c in n||(n[c]=i),r)break}}return n};function Y(t){const[e,n]=Me(xt,t.url||location.pathname+location.search);t.scope&&(K=t.scope);const s=B===!0,i=qe(()=>{const r=new URL(e,location.origin),l=r.pathname.replace(/\/+$/g,"")||"/";return{url:e,path:l,query:Object.fromEntries(r.searchParams),route:(c,_)=>n({url:c,replace:_}),back:()=>{history.back()},forward:()=>{history.forward()},wasPush:s}},[e]);return ke(()=>(addEventListener("click",n),addEventListener("popstate",n),()=>{removeEventListener("click",n),removeEventListener("popstate",n)}),[]),T(Y.ctx.Provider,{value:i},t.children)}const Dt=Promise.resolve();function _t(t){const[e,n]=Me($=>$+1,0),{url:s,query:i,wasPush:r,path:l}=_e();if(!s)throw new Error("preact-iso's <Router> must be used within a <LocationProvider>, see: https://github.com/preactjs/preact-iso#locationprovider");const{rest:c=l,params:_={}}=dt(je),d=k(!1),m=k(l),h=k(1),o=k(),u=k(),g=k(),w=k(!1),p=k();p.current=!1;let y,f,S;st(t.children).some($=>{if(Nt(c,$.props.path,S={...$.props,path:c,query:i,params:Object.assign({},_),rest:""}))return y=Ee($,S);$.props.default&&(f=Ee($,S))});let q=y||f;const P=o.current&&o.current.__u&ne&&o.current.__u&se,L=o.current&&o.current.__h,ee=qe(()=>{u.current=o.current,o.current=T(je.Provider,{value:S},q);const $=u.current&&u.current.props.children;return!$||!q||q.type!==$.type||q.props.component!==$.props.component?(h.current++,!0):!1},[s,JSON.stringify(S)]);P?(o.current.__u|=ne,o.current.__u|=se):L&&(o.current.__h=!0);const U=u.current;return u.current=null,this.__c=($,I)=>{p.current=!0,u.current=U,t.onLoadStart&&t.onLoadStart(s),d.current=!0;let E=h.current;$.then(()=>{E===h.current&&(u.current=null,o.current&&(I.__h&&(o.current.__h=I.__h),I.__u&se&&(o.current.__u|=se),I.__u&ne&&(o.current.__u|=ne)),Dt.then(n))})},ke(()=>{const $=this.__v&&this.__v.__e;if(p.current){!w.current&&!g.current&&(g.current=$);return}!w.current&&g.current&&(g.current!==$&&g.current.remove(),g.current=null),w.current=!0,m.current!==l&&(r&&scrollTo(0,0),t.onRouteChange&&t.onRouteChange(s),m.current=l),t.onLoadEnd&&d.current&&t.onLoadEnd(s),d.current=!1},[l,r,e]),ee?[T(he,{r:o,key:h.current}),T(he,{r:u,key:h.current-1})]:T(he,{r:o,key:h.current})}const ne=32,se=128,he=({r:t})=>t.current;_t.Provider=Y;Y.ctx=lt({});const je=lt({}),fe=t=>T(t.component,t),_e=()=>dt(Y.ctx);class D extends Error{constructor(e,n,s={}){super(e),this.code=n,this.extensions=s}code;extensions}const pt={"X-Souq-Client":"web"},we="souq:signed-out";function mt(){window.dispatchEvent(new Event(we))}async function A(t,...[e]){let n;try{n=await fetch("/graphql",{method:"POST",credentials:"same-origin",headers:{"Content-Type":"application/json",Accept:"application/graphql-response+json, application/json",...pt},body:JSON.stringify({query:t.toString(),variables:e??{}})})}catch{throw new D("souq cannot be reached: check your connection","NETWORK")}let s;try{s=await n.json()}catch{throw new D(`souq answered ${n.status}`,"NETWORK")}const i=s.errors?.[0];if(i){const r=String(i.extensions?.code??"ERROR");throw r==="UNAUTHENTICATED"&&mt(),new D(i.message,r,i.extensions??{})}if(!s.data)throw new D("souq answered without data","ERROR");return s.data}async function Ne(t,e){try{return await fetch("/session",{method:t,credentials:"same-origin",headers:{...pt,...e?{"Content-Type":"application/json"}:{}},body:e?JSON.stringify(e):void 0})}catch{throw new D("souq cannot be reached: check your connection","NETWORK")}}async function De(t){let e=`souq answered ${t.status}`,n="ERROR";try{const s=await t.json();e=s.message??e,n=s.error??n}catch{}return new D(e,n)}async function Rt(){const t=await Ne("GET");if(t.status===401)return null;if(!t.ok)throw await De(t);return t.json()}async function Pt(t,e){const n=await Ne("POST",{username:t,password:e});if(!n.ok)throw await De(n);return n.json()}async function At(){const t=await Ne("DELETE");if(!t.ok&&t.status!==401)throw await De(t)}let ue=null;function Et(){const{protocol:t,host:e}=window.location;return`${t==="https:"?"wss":"ws"}://${e}/graphql`}function Ft(){return ue??=gt({url:Et(),lazy:!0,retryAttempts:0}),ue}function Lt(t,e,n){const s=Ft(),i=s.on("connected",()=>n.onOpen?.());let r=!1;const l=_=>{r||(r=!0,i(),n.onEnd(_))},c=s.subscribe({query:t.toString(),variables:e},{next:_=>{_.errors?.length?l(_.errors[0]):_.data&&n.onData(_.data)},error:l,complete:()=>l(null)});return()=>{r=!0,i(),c()}}function Tt(){ue?.dispose(),ue=null}class x extends String{__apiType;value;__meta__;constructor(e,n){super(e),this.value=e,this.__meta__=n}toString(){return this.value}}const Ot=new x(`
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        formatted
      }
    }
  }
}
    `,{fragmentName:"MessageFields"}),Ht=new x(`
    fragment ConversationFields on Conversation {
  id
  kind
  title
  app
  lastSeq
  lastReadSeq
  unreadCount
  lastActivityAt
  owner {
    id
    username
    displayName
  }
  members {
    id
    username
    displayName
  }
  lastMessage {
    ...MessageFields
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        formatted
      }
    }
  }
}`,{fragmentName:"ConversationFields"}),Ut=new x(`
    query Conversations($first: Int!) {
  me {
    id
    username
    displayName
    role
  }
  limits {
    maxMessageLength
    maxPageSize
    maxReplayConversations
  }
  conversations(first: $first) {
    nodes {
      ...ConversationFields
    }
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        formatted
      }
    }
  }
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  app
  lastSeq
  lastReadSeq
  unreadCount
  lastActivityAt
  owner {
    id
    username
    displayName
  }
  members {
    id
    username
    displayName
  }
  lastMessage {
    ...MessageFields
  }
}`),Bt=new x(`
    query Conversation($id: ID!) {
  conversation(id: $id) {
    ...ConversationFields
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        formatted
      }
    }
  }
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  app
  lastSeq
  lastReadSeq
  unreadCount
  lastActivityAt
  owner {
    id
    username
    displayName
  }
  members {
    id
    username
    displayName
  }
  lastMessage {
    ...MessageFields
  }
}`),Wt=new x(`
    query History($id: ID!, $last: Int!, $before: String) {
  conversation(id: $id) {
    id
    messages(last: $last, before: $before) {
      pageInfo {
        hasPreviousPage
        startCursor
      }
      nodes {
        ...MessageFields
      }
    }
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        formatted
      }
    }
  }
}`),jt=new x(`
    subscription Events($after: [SeenInput!]) {
  events(after: $after) {
    __typename
    ... on MessagePosted {
      message {
        ...MessageFields
      }
    }
    ... on MessageUpdated {
      message {
        ...MessageFields
      }
    }
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        formatted
      }
    }
  }
}`),Kt=new x(`
    mutation SendMessage($conversationId: ID!, $body: String!, $clientMessageId: String!) {
  sendMessage(
    conversationId: $conversationId
    body: $body
    clientMessageId: $clientMessageId
  ) {
    ...MessageFields
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        formatted
      }
    }
  }
}`),zt=new x(`
    mutation PressButton($messageId: ID!, $buttonId: String!, $clientId: String!) {
  pressButton(messageId: $messageId, buttonId: $buttonId, clientId: $clientId) {
    ...MessageFields
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        formatted
      }
    }
  }
}`),Gt=new x(`
    mutation MarkRead($conversationId: ID!, $seq: Int!) {
  markRead(conversationId: $conversationId, seq: $seq) {
    id
    lastReadSeq
  }
}
    `),Jt=new x(`
    mutation OpenDirect($username: String!) {
  openDirectConversation(username: $username) {
    ...ConversationFields
  }
}
    fragment MessageFields on Message {
  id
  conversationId
  seq
  body
  createdAt
  private
  deleted
  revision
  clientMessageId
  sender {
    id
    username
    displayName
  }
  invoker {
    id
    username
    displayName
  }
  app {
    slug
    name
  }
  why {
    text
    scope
    category
    reported
  }
  content {
    __typename
    ... on Card {
      title
      body
      fields {
        label
        value
      }
      buttons {
        id
        label
      }
    }
    ... on ListContent {
      title
      items {
        title
        body
        buttons {
          id
          label
        }
      }
    }
    ... on PaymentCard {
      paymentRequestId
      description
      status
      expiresAt
      amount {
        formatted
      }
    }
  }
}
fragment ConversationFields on Conversation {
  id
  kind
  title
  app
  lastSeq
  lastReadSeq
  unreadCount
  lastActivityAt
  owner {
    id
    username
    displayName
  }
  members {
    id
    username
    displayName
  }
  lastMessage {
    ...MessageFields
  }
}`),Vt=new x(`
    query CommandSuggestions($conversationId: ID!, $prefix: String!) {
  commandSuggestions(conversationId: $conversationId, prefix: $prefix) {
    app {
      slug
      name
    }
    command {
      name
      summary
      usage
      params {
        name
        type
        required
        help
        accepts
      }
    }
  }
}
    `),Qt=new x(`
    mutation Register($username: String!, $password: String!, $displayName: String) {
  register(username: $username, password: $password, displayName: $displayName) {
    me {
      username
    }
  }
}
    `),Xt={"\n  fragment MessageFields on Message {\n    id\n    conversationId\n    seq\n    body\n    createdAt\n    private\n    deleted\n    revision\n    clientMessageId\n    sender { id username displayName }\n    invoker { id username displayName }\n    app { slug name }\n    why { text scope category reported }\n    content {\n      __typename\n      ... on Card {\n        title\n        body\n        fields { label value }\n        buttons { id label }\n      }\n      ... on ListContent {\n        title\n        items { title body buttons { id label } }\n      }\n      ... on PaymentCard {\n        paymentRequestId\n        description\n        status\n        expiresAt\n        amount { formatted }\n      }\n    }\n  }\n":Ot,"\n  fragment ConversationFields on Conversation {\n    id\n    kind\n    title\n    app\n    lastSeq\n    lastReadSeq\n    unreadCount\n    lastActivityAt\n    owner { id username displayName }\n    members { id username displayName }\n    lastMessage { ...MessageFields }\n  }\n":Ht,"\n  query Conversations($first: Int!) {\n    me { id username displayName role }\n    limits { maxMessageLength maxPageSize maxReplayConversations }\n    conversations(first: $first) { nodes { ...ConversationFields } }\n  }\n":Ut,"\n  query Conversation($id: ID!) {\n    conversation(id: $id) { ...ConversationFields }\n  }\n":Bt,"\n  query History($id: ID!, $last: Int!, $before: String) {\n    conversation(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        pageInfo { hasPreviousPage startCursor }\n        nodes { ...MessageFields }\n      }\n    }\n  }\n":Wt,"\n  subscription Events($after: [SeenInput!]) {\n    events(after: $after) {\n      __typename\n      ... on MessagePosted { message { ...MessageFields } }\n      ... on MessageUpdated { message { ...MessageFields } }\n    }\n  }\n":jt,"\n  mutation SendMessage($conversationId: ID!, $body: String!, $clientMessageId: String!) {\n    sendMessage(conversationId: $conversationId, body: $body, clientMessageId: $clientMessageId) {\n      ...MessageFields\n    }\n  }\n":Kt,"\n  mutation PressButton($messageId: ID!, $buttonId: String!, $clientId: String!) {\n    pressButton(messageId: $messageId, buttonId: $buttonId, clientId: $clientId) {\n      ...MessageFields\n    }\n  }\n":zt,"\n  mutation MarkRead($conversationId: ID!, $seq: Int!) {\n    markRead(conversationId: $conversationId, seq: $seq) { id lastReadSeq }\n  }\n":Gt,"\n  mutation OpenDirect($username: String!) {\n    openDirectConversation(username: $username) { ...ConversationFields }\n  }\n":Jt,"\n  query CommandSuggestions($conversationId: ID!, $prefix: String!) {\n    commandSuggestions(conversationId: $conversationId, prefix: $prefix) {\n      app { slug name }\n      command {\n        name\n        summary\n        usage\n        params { name type required help accepts }\n      }\n    }\n  }\n":Vt,"\n  mutation Register($username: String!, $password: String!, $displayName: String) {\n    register(username: $username, password: $password, displayName: $displayName) {\n      me { username }\n    }\n  }\n":Qt};function N(t){return Xt[t]??{}}N(`
  fragment MessageFields on Message {
    id
    conversationId
    seq
    body
    createdAt
    private
    deleted
    revision
    clientMessageId
    sender { id username displayName }
    invoker { id username displayName }
    app { slug name }
    why { text scope category reported }
    content {
      __typename
      ... on Card {
        title
        body
        fields { label value }
        buttons { id label }
      }
      ... on ListContent {
        title
        items { title body buttons { id label } }
      }
      ... on PaymentCard {
        paymentRequestId
        description
        status
        expiresAt
        amount { formatted }
      }
    }
  }
`);N(`
  fragment ConversationFields on Conversation {
    id
    kind
    title
    app
    lastSeq
    lastReadSeq
    unreadCount
    lastActivityAt
    owner { id username displayName }
    members { id username displayName }
    lastMessage { ...MessageFields }
  }
`);const Yt=N(`
  query Conversations($first: Int!) {
    me { id username displayName role }
    limits { maxMessageLength maxPageSize maxReplayConversations }
    conversations(first: $first) { nodes { ...ConversationFields } }
  }
`),Zt=N(`
  query Conversation($id: ID!) {
    conversation(id: $id) { ...ConversationFields }
  }
`),en=N(`
  query History($id: ID!, $last: Int!, $before: String) {
    conversation(id: $id) {
      id
      messages(last: $last, before: $before) {
        pageInfo { hasPreviousPage startCursor }
        nodes { ...MessageFields }
      }
    }
  }
`),tn=N(`
  subscription Events($after: [SeenInput!]) {
    events(after: $after) {
      __typename
      ... on MessagePosted { message { ...MessageFields } }
      ... on MessageUpdated { message { ...MessageFields } }
    }
  }
`),nn=N(`
  mutation SendMessage($conversationId: ID!, $body: String!, $clientMessageId: String!) {
    sendMessage(conversationId: $conversationId, body: $body, clientMessageId: $clientMessageId) {
      ...MessageFields
    }
  }
`),sn=N(`
  mutation PressButton($messageId: ID!, $buttonId: String!, $clientId: String!) {
    pressButton(messageId: $messageId, buttonId: $buttonId, clientId: $clientId) {
      ...MessageFields
    }
  }
`),rn=N(`
  mutation MarkRead($conversationId: ID!, $seq: Int!) {
    markRead(conversationId: $conversationId, seq: $seq) { id lastReadSeq }
  }
`),on=N(`
  mutation OpenDirect($username: String!) {
    openDirectConversation(username: $username) { ...ConversationFields }
  }
`),an=30,ln=4403,cn=1e4;class dn{me=null;maxMessageLength=4e3;conversations=new Map;connection="connecting";open=null;messages=new Map;history=new Map;pending=new Map;listeners=new Set;stopLive=null;retry=null;failures=0;maxReplay=100;fetching=new Set;listen(e){return this.listeners.add(e),()=>this.listeners.delete(e)}changed(){for(const e of this.listeners)e()}async start(){const e=await A(Yt,{first:100});this.me=e.me,this.maxMessageLength=e.limits.maxMessageLength,this.maxReplay=e.limits.maxReplayConversations;for(const n of e.conversations.nodes)this.conversations.set(n.id,n);this.changed(),this.follow()}stop(){this.stopLive?.(),this.stopLive=null,this.retry&&clearTimeout(this.retry),this.retry=null,this.conversations.clear(),this.messages.clear(),this.history.clear(),this.pending.clear(),this.me=null,this.open=null,this.connection="connecting"}follow(){const e=[...this.conversations.values()].sort((n,s)=>s.lastActivityAt.localeCompare(n.lastActivityAt)).slice(0,this.maxReplay).map(n=>({conversationId:n.id,seq:n.lastSeq}));this.stopLive=Lt(tn,{after:e},{onOpen:()=>{this.failures=0,this.connection="live",this.changed()},onData:n=>this.receive(n.events.message),onEnd:n=>{if(this.stopLive=null,n?.code===ln){mt();return}this.connection="reconnecting",this.changed();const s=Math.min(cn,500*2**this.failures++);this.retry=setTimeout(()=>{this.retry=null,this.follow()},s)}})}reconnect(){this.retry&&(clearTimeout(this.retry),this.retry=null,this.failures=0,this.follow())}receive(e){const n=e.conversationId,s=this.messagesOf(n).get(e.seq);if(s&&s.revision>e.revision)return;this.messagesOf(n).set(e.seq,e);const i=this.conversations.get(n);if(!i){this.fetchConversation(n);return}if(e.seq>i.lastSeq){const r=e.sender?.id===this.me?.id,l=this.open===n&&document.visibilityState==="visible";this.conversations.set(n,{...i,lastSeq:e.seq,lastMessage:e,lastActivityAt:e.createdAt,unreadCount:r||l?i.unreadCount:i.unreadCount+1}),l&&this.markRead(n)}else i.lastMessage?.seq===e.seq&&this.conversations.set(n,{...i,lastMessage:e});this.changed()}async fetchConversation(e){if(!this.fetching.has(e)){this.fetching.add(e);try{const n=await A(Zt,{id:e});this.conversations.set(e,n.conversation),this.changed()}finally{this.fetching.delete(e)}}}add(e){this.conversations.set(e.id,e),this.changed()}list(){return[...this.conversations.values()].sort((e,n)=>n.lastActivityAt.localeCompare(e.lastActivityAt))}messagesOf(e){let n=this.messages.get(e);return n||this.messages.set(e,n=new Map),n}messagesIn(e){return[...this.messagesOf(e).values()].sort((n,s)=>n.seq-s.seq)}pendingIn(e){return this.pending.get(e)??[]}hasOlder(e){return this.history.get(e)?.hasPrevious??!0}async loadOlder(e){const n=this.history.get(e)??{hasPrevious:!0,before:null,loading:!1};if(!(n.loading||!n.hasPrevious)){this.history.set(e,{...n,loading:!0});try{const i=(await A(en,{id:e,last:an,before:n.before})).conversation.messages;for(const r of i.nodes)this.messagesOf(e).has(r.seq)||this.messagesOf(e).set(r.seq,r);this.history.set(e,{hasPrevious:i.pageInfo.hasPreviousPage,before:i.pageInfo.startCursor??null,loading:!1})}catch(s){throw this.history.set(e,{...n,loading:!1}),s}this.changed()}}async markRead(e){const n=this.conversations.get(e);if(!n||n.lastReadSeq>=n.lastSeq){n?.unreadCount&&this.add({...n,unreadCount:0});return}const s=n.lastSeq;this.add({...n,lastReadSeq:s,unreadCount:0}),await A(rn,{conversationId:e,seq:s})}async send(e,n,s=crypto.randomUUID()){const i=this.pendingIn(e).filter(r=>r.clientMessageId!==s);this.pending.set(e,[...i,{clientMessageId:s,conversationId:e,body:n,state:"sending"}]),this.changed();try{const r=await A(nn,{conversationId:e,body:n,clientMessageId:s});this.drop(e,s),this.receive(r.sendMessage)}catch(r){const l=r instanceof D?r.message:String(r);this.pending.set(e,this.pendingIn(e).map(c=>c.clientMessageId===s?{...c,state:"failed",error:l}:c)),this.changed()}}retrySend(e){return this.send(e.conversationId,e.body,e.clientMessageId)}drop(e,n){this.pending.set(e,this.pendingIn(e).filter(s=>s.clientMessageId!==n)),this.changed()}}const W=new dn;function Z(){const[,t]=M(0);return j(()=>W.listen(()=>t(e=>e+1)),[]),W}const un=N(`
  mutation Register($username: String!, $password: String!, $displayName: String) {
    register(username: $username, password: $password, displayName: $displayName) {
      me { username }
    }
  }
`);function _n({onSignedIn:t}){const[e,n]=M(!1),[s,i]=M(null),[r,l]=M(!1);return a("main",{id:"main",class:"signin",children:[a("h1",{class:"brand",children:"souq"}),a("form",{onSubmit:async _=>{_.preventDefault();const d=new FormData(_.currentTarget),m=String(d.get("username")??"").trim(),h=String(d.get("password")??"");l(!0),i(null);try{if(e){const o=String(d.get("displayName")??"").trim()||null;await A(un,{username:m,password:h,displayName:o})}t(await Pt(m,h))}catch(o){i(o instanceof D?o.message:String(o))}finally{l(!1)}},"aria-labelledby":"signin-title",children:[a("h2",{id:"signin-title",children:e?"Create your account":"Sign in"}),a("label",{children:["Username",a("input",{name:"username",autoComplete:"username",required:!0,autoFocus:!0})]}),e&&a("label",{children:["Display name ",a("span",{class:"hint",children:"(optional)"}),a("input",{name:"displayName",autoComplete:"name"})]}),a("label",{children:["Password",a("input",{name:"password",type:"password",autoComplete:e?"new-password":"current-password",required:!0})]}),s&&a("p",{class:"error",role:"alert",children:s}),a("button",{type:"submit",disabled:r,children:e?"Create account":"Sign in"}),a("button",{type:"button",class:"link",onClick:()=>{n(!e),i(null)},children:e?"I have an account: sign in":"New here? Create an account"})]})]})}function ht(t,e){return t.title?t.title:t.kind==="APP"&&t.app?t.app:t.members.filter(s=>s.id!==e?.id).map(s=>s.displayName).join(", ")||"Just you"}function ft(t){const e=new Date(t),n=new Date;return e.toDateString()===n.toDateString()?e.toLocaleTimeString([],{hour:"2-digit",minute:"2-digit"}):e.toLocaleDateString([],{day:"numeric",month:"short"})}function pn({openId:t}){const e=Z(),{route:n}=_e(),[s,i]=M(null);return a("aside",{class:"conversations","aria-label":"Conversations",children:[a("form",{class:"new-chat",onSubmit:async l=>{l.preventDefault();const c=l.currentTarget,_=String(new FormData(c).get("username")??"").trim();if(_)try{const d=await A(on,{username:_});e.add(d.openDirectConversation),c.reset(),i(null),n(`/chats/${d.openDirectConversation.id}`)}catch(d){i(d instanceof D?d.message:String(d))}},children:[a("label",{children:[a("span",{class:"visually-hidden",children:"Start a chat with (username)"}),a("input",{name:"username",placeholder:"Start a chat with… (username)",autoComplete:"off"})]}),a("button",{type:"submit",children:"Chat"})]}),s&&a("p",{class:"error",role:"alert",children:s}),a("ul",{class:"conversation-list",children:e.list().map(l=>a("li",{children:a("a",{href:`/chats/${l.id}`,"aria-current":l.id===t?"page":void 0,class:"conversation-link",children:[a("span",{class:"name",children:ht(l,e.me)}),a("span",{class:"time",children:ft(l.lastActivityAt)}),a("span",{class:"preview",children:l.lastMessage?`${l.lastMessage.sender?.displayName??l.lastMessage.app?.name??"souq"}: ${l.lastMessage.body}`:"No messages yet"}),l.unreadCount>0&&a("span",{class:"unread","aria-label":`${l.unreadCount} unread`,children:l.unreadCount})]})},l.id))})]})}function mn({message:t,mine:e}){const n=t.app?t.app.name:t.sender?.displayName??"someone",s=["message",e?"mine":"theirs",t.app?"from-app":""];return a("li",{class:s.join(" "),"data-seq":t.seq,children:[a("div",{class:"meta",children:[a("span",{class:"from",children:n}),t.app?.slug==="souq"&&a("span",{class:"badge",children:"souq"}),a("time",{dateTime:t.createdAt,children:ft(t.createdAt)}),t.private&&a("span",{class:"badge private",children:"Only you can see this"})]}),t.deleted?a("p",{class:"body deleted",children:"This message was deleted."}):a(Q,{children:[t.body&&a("p",{class:"body",children:t.body}),t.content&&a(hn,{message:t,content:t.content})]}),t.why&&a("p",{class:"why",children:t.why.text})]})}function hn({message:t,content:e}){switch(e.__typename){case"Card":return a("div",{class:"card",children:[a("h3",{children:e.title}),e.body&&a("p",{children:e.body}),e.fields.length>0&&a("dl",{children:e.fields.map((n,s)=>a("div",{children:[a("dt",{children:n.label}),a("dd",{children:n.value})]},s))}),a(Ke,{message:t,buttons:e.buttons})]});case"ListContent":return a("div",{class:"card list",children:[a("h3",{children:e.title}),a("ul",{children:e.items.map((n,s)=>a("li",{children:[a("strong",{children:n.title}),n.body&&a("p",{children:n.body}),a(Ke,{message:t,buttons:n.buttons})]},s))})]});case"PaymentCard":return a("div",{class:"card payment",children:[a("h3",{children:[e.description," · ",e.amount.formatted]}),a("p",{class:"status",children:fn(e.status)})]});default:return null}}function fn(t){return{PENDING:"Waiting for payment",COMPLETED:"Paid",DECLINED:"Declined",EXPIRED:"Expired"}[t]??t}function Ke({message:t,buttons:e}){const[n,s]=M(null),[i,r]=M(null);if(e.length===0)return null;const l=async c=>{s(c.id),r(null);try{const _=await A(sn,{messageId:t.id,buttonId:c.id,clientId:crypto.randomUUID()});W.receive(_.pressButton)}catch(_){r(_ instanceof D?_.message:String(_))}finally{s(null)}};return a("div",{class:"buttons",children:[e.map(c=>a("button",{type:"button",disabled:n!==null,onClick:()=>l(c),children:c.label},c.id)),i&&a("p",{class:"error",role:"alert",children:i})]})}function gn({pending:t}){return a("li",{class:`message mine pending ${t.state}`,children:[a("p",{class:"body",children:t.body}),t.state==="sending"?a("p",{class:"state",children:"Sending…"}):a("p",{class:"state",role:"alert",children:["Not sent: ",t.error," ",a("button",{type:"button",class:"quiet",onClick:()=>W.retrySend(t),children:"Retry"}),a("button",{type:"button",class:"quiet",onClick:()=>W.drop(t.conversationId,t.clientMessageId),children:"Discard"})]})]})}const yn=N(`
  query CommandSuggestions($conversationId: ID!, $prefix: String!) {
    commandSuggestions(conversationId: $conversationId, prefix: $prefix) {
      app { slug name }
      command {
        name
        summary
        usage
        params { name type required help accepts }
      }
    }
  }
`);function ze(t){return`/${t.app.slug} ${t.command.name} `}function vn({conversationId:t}){const e=Z(),[n,s]=M(""),[i,r]=M([]),[l,c]=M(0),[_,d]=M(null),m=k(null),h=k("");j(()=>{const p=n.trimStart();if(!p.startsWith("/")||p.includes(`
`)){r([]);return}h.current=p,A(yn,{conversationId:t,prefix:p}).then(y=>{if(h.current!==p)return;const f=p.split(/\s+/).length,S=y.commandSuggestions.find(q=>p.startsWith(ze(q)));d(S??null),r(S&&f>2?[]:y.commandSuggestions.slice(0,8)),c(0)},()=>r([]))},[n,t]);const o=p=>{s(ze(p)),d(p),r([]),m.current?.focus()},u=()=>{const p=n.trim();p&&(e.send(t,p),s(""),d(null),r([]))},g=p=>{const y=i.length>0;y&&p.key==="ArrowDown"?(p.preventDefault(),c((l+1)%i.length)):y&&p.key==="ArrowUp"?(p.preventDefault(),c((l-1+i.length)%i.length)):y&&(p.key==="Tab"||p.key==="Enter"&&!p.shiftKey)?(p.preventDefault(),o(i[l])):y&&p.key==="Escape"?r([]):p.key==="Enter"&&!p.shiftKey&&(p.preventDefault(),u())},w=`commands-${t}`;return a("form",{class:"composer",onSubmit:p=>{p.preventDefault(),u()},children:[i.length>0&&a("ul",{class:"suggestions",id:w,role:"listbox","aria-label":"Commands",children:i.map((p,y)=>a("li",{id:`${w}-${y}`,role:"option","aria-selected":y===l,onMouseDown:f=>{f.preventDefault(),o(p)},children:[a("span",{class:"command",children:["/",p.app.slug," ",p.command.name]}),a("span",{class:"summary",children:p.command.summary}),a(Ge,{suggestion:p})]},`${p.app.slug} ${p.command.name}`))}),_&&i.length===0&&a("div",{class:"usage","aria-live":"polite",children:[a("code",{children:_.command.usage}),a(Ge,{suggestion:_})]}),a("label",{class:"visually-hidden",for:`compose-${t}`,children:"Message"}),a("textarea",{id:`compose-${t}`,ref:m,rows:1,value:n,maxLength:e.maxMessageLength,placeholder:"Message, or / for commands",role:"combobox","aria-expanded":i.length>0,"aria-controls":w,"aria-autocomplete":"list","aria-activedescendant":i.length?`${w}-${l}`:void 0,onInput:p=>s(p.currentTarget.value),onKeyDown:g}),a("button",{type:"submit",disabled:!n.trim(),children:"Send"})]})}function Ge({suggestion:t}){const e=t.command.params;return e.length===0?null:a("dl",{class:"params",children:e.map(n=>a("div",{children:[a("dt",{children:[n.name,n.required?"":" (optional)"," · ",a("span",{class:"type",children:n.type})]}),a("dd",{children:n.help||n.accepts})]},n.name))})}function bn({id:t}){const e=Z(),n=e.conversations.get(t),s=k(null),i=k(!0),r=k(null),[l,c]=M(null),_=()=>{const u=s.current;u&&(r.current=u.scrollHeight-u.scrollTop),e.loadOlder(t).catch(g=>c(g instanceof D?g.message:String(g)))};j(()=>{e.open=t,_(),e.markRead(t);const u=()=>document.visibilityState==="visible"&&void e.markRead(t);return document.addEventListener("visibilitychange",u),()=>{document.removeEventListener("visibilitychange",u),e.open===t&&(e.open=null)}},[t]);const d=e.messagesIn(t),m=e.pendingIn(t);ke(()=>{const u=s.current;u&&(r.current!==null?(u.scrollTop=u.scrollHeight-r.current,r.current=null):i.current&&(u.scrollTop=u.scrollHeight))},[d.length,m.length,d[d.length-1]?.revision]);const h=()=>{const u=s.current;u&&(i.current=u.scrollHeight-u.scrollTop-u.clientHeight<40,u.scrollTop<80&&e.hasOlder(t)&&_())};if(!n)return a("section",{class:"conversation",children:a("p",{class:"loading",children:"Opening…"})});const o=ht(n,e.me);return a("section",{class:"conversation","aria-label":o,children:[a("header",{class:"conversation-head",children:[a("a",{href:"/chats",class:"back","aria-label":"Back to conversations",children:"←"}),a("h1",{children:o}),n.kind==="GROUP"&&a("span",{class:"members",children:n.members.map(u=>u.displayName).join(", ")})]}),l&&a("p",{class:"error",role:"alert",children:l}),a("div",{class:"messages",ref:s,onScroll:h,role:"log","aria-live":"polite",tabIndex:0,"aria-label":"Messages",children:a("ol",{class:"message-list",children:[e.hasOlder(t)?a("li",{class:"older",children:a("button",{type:"button",class:"quiet",onClick:_,children:"Load earlier messages"})}):a("li",{class:"older",children:"Start of the conversation"}),d.map(u=>a(mn,{message:u,mine:u.sender?.id===e.me?.id},u.seq)),m.map(u=>a(gn,{pending:u},u.clientMessageId))]})}),a(vn,{conversationId:t})]})}function wn(){const t=Z();return t.connection!=="reconnecting"?null:a("div",{class:"banner",role:"status",children:["Connection lost: reconnecting… Nothing you missed is lost.",a("button",{type:"button",class:"quiet",onClick:()=>t.reconnect(),children:"Reconnect now"})]})}function Je({id:t}){const e=Z(),[n,s]=M(null);return j(()=>{e.me||e.start().catch(i=>s(String(i.message??i)))},[]),n?a("p",{class:"error",role:"alert",children:n}):e.me?a("div",{class:t?"chats has-open":"chats",children:[a(wn,{}),a(pn,{openId:t}),t?a(bn,{id:t},t):a("section",{class:"placeholder","aria-label":"No conversation open",children:a("p",{children:"Choose a conversation, or start one."})})]}):a("p",{class:"loading",children:"Loading your chats…"})}function Cn(){return a("section",{class:"empty",children:[a("h1",{children:"Nothing here"}),a("p",{children:a("a",{href:"/chats",children:"Back to your chats"})})]})}const $n=[{href:"/chats",label:"Chats"}];function Sn({session:t,onSignOut:e}){const{path:n}=_e();return a("header",{class:"topbar",children:[a("a",{class:"skip",href:"#main",children:"Skip to content"}),a("span",{class:"brand",children:"souq"}),a("nav",{"aria-label":"Sections",children:a("ul",{children:$n.filter(s=>!s.roles||s.roles.includes(t.role)).map(s=>a("li",{children:a("a",{href:s.href,"aria-current":n.startsWith(s.href)?"page":void 0,children:s.label})},s.href))})}),a("span",{class:"who",children:t.username}),a("button",{type:"button",class:"quiet",onClick:e,children:"Sign out"})]})}function In(){const[t,e]=M(void 0),[n,s]=M(null),i=()=>{W.stop(),Tt(),e(null)};j(()=>(Rt().then(e,l=>s(String(l.message??l))),window.addEventListener(we,i),()=>window.removeEventListener(we,i)),[]);const r=async()=>{await At(),i()};return n?a("p",{class:"fatal",role:"alert",children:n}):t===void 0?a("p",{class:"loading",children:"Loading…"}):a(Y,{children:t===null?a(_n,{onSignedIn:e}):a(Mn,{session:t,onSignOut:r})})}function Mn({session:t,onSignOut:e}){const{path:n,route:s}=_e();return j(()=>{(n==="/"||n==="/signin")&&s("/chats",!0)},[n]),a("div",{class:"shell",children:[a(Sn,{session:t,onSignOut:e}),a("main",{id:"main",class:"page",children:a(_t,{children:[a(fe,{path:"/chats",component:Je}),a(fe,{path:"/chats/:id",component:Je}),a(fe,{default:!0,component:Cn})]})})]})}St(a(In,{}),document.getElementById("app"));

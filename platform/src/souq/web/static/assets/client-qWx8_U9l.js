import"./modulepreload-polyfill-B5Qt9EMX.js";import{c as Bn}from"./client-wkOhMJXj.js";var ae,S,hn,U,Qe,gn,fn,Ie,_e,ne,_n,Oe,ke,Ee,yn,be={},$e=[],Hn=/acit|ex(?:s|g|n|p|$)|rph|grid|ows|mnc|ntw|ine[ch]|zoo|^ord|itera/i,ie=Array.isArray;function F(n,e){for(var t in e)n[t]=e[t];return n}function Ue(n){n&&n.parentNode&&n.parentNode.removeChild(n)}function B(n,e,t){var r,a,i,o={};for(i in e)i=="key"?r=e[i]:i=="ref"?a=e[i]:o[i]=e[i];if(arguments.length>2&&(o.children=arguments.length>3?ae.call(arguments,2):t),typeof n=="function"&&n.defaultProps!=null)for(i in n.defaultProps)o[i]===void 0&&(o[i]=n.defaultProps[i]);return te(n,o,r,a,null)}function te(n,e,t,r,a){var i={type:n,props:e,key:t,ref:r,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:a??++hn,__i:-1,__u:0};return a==null&&S.vnode!=null&&S.vnode(i),i}function L(n){return n.children}function ye(n,e){this.props=n,this.context=e}function H(n,e){if(e==null)return n.__?H(n.__,n.__i+1):null;for(var t;e<n.__k.length;e++)if((t=n.__k[e])!=null&&t.__e!=null)return t.__e;return typeof n.type=="function"?H(n):null}function Wn(n){if(n.__P&&n.__d){var e=n.__v,t=e.__e,r=[],a=[],i=F({},e);i.__v=e.__v+1,S.vnode&&S.vnode(i),Ve(n.__P,i,e,n.__n,n.__P.namespaceURI,32&e.__u?[t]:null,r,t??H(e),!!(32&e.__u),a),i.__v=e.__v,i.__.__k[i.__i]=i,An(r,i,a),e.__e=e.__=null,i.__e!=t&&vn(i)}}function vn(n){if((n=n.__)!=null&&n.__c!=null)return n.__e=n.__c.base=null,n.__k.some(function(e){if(e!=null&&e.__e!=null)return n.__e=n.__c.base=e.__e}),vn(n)}function Fe(n){(!n.__d&&(n.__d=!0)&&U.push(n)&&!Se.__r++||Qe!=S.debounceRendering)&&((Qe=S.debounceRendering)||gn)(Se)}function Se(){try{for(var n,e=1;U.length;)U.length>e&&U.sort(fn),n=U.shift(),e=U.length,Wn(n)}finally{U.length=Se.__r=0}}function bn(n,e,t,r,a,i,o,l,p,c,g){var _,d,u,f,b,h,y=r&&r.__k||$e,m=e.length;for(p=Gn(t,e,y,p,m),_=0;_<m;_++)(u=t.__k[_])!=null&&(d=u.__i!=-1&&y[u.__i]||be,u.__i=_,h=Ve(n,u,d,a,i,o,l,p,c,g),f=u.__e,u.ref&&d.ref!=u.ref&&(d.ref&&je(d.ref,null,u),g.push(u.ref,u.__c||f,u)),b==null&&f!=null&&(b=f),4&u.__u?(p=$n(u,p,n),d.__e&&(d.__e=null)):typeof u.type=="function"&&h!==void 0?p=h:f&&(p=f.nextSibling),u.__u&=-7);return t.__e=b,p}function Gn(n,e,t,r,a){var i,o,l,p,c,g=t.length,_=g,d=0;for(n.__k=new Array(a),i=0;i<a;i++)(o=e[i])!=null&&typeof o!="boolean"&&typeof o!="function"?(typeof o=="string"||typeof o=="number"||typeof o=="bigint"||o.constructor==String?o=n.__k[i]=te(null,o,null,null,null):ie(o)?o=n.__k[i]=te(L,{children:o},null,null,null):o.constructor===void 0&&o.__b>0?o=n.__k[i]=te(o.type,o.props,o.key,o.ref?o.ref:null,o.__v):n.__k[i]=o,p=i+d,o.__=n,o.__b=n.__b+1,l=null,(c=o.__i=Jn(o,t,p,_))!=-1&&(_--,(l=t[c])&&(l.__u|=2)),l==null||l.__v==null?(c==-1&&(a>g?d--:a<g&&d++),typeof o.type!="function"&&(o.__u|=4)):c!=p&&(c==p-1?d--:c==p+1?d++:(c>p?d--:d++,o.__u|=4))):n.__k[i]=null;if(_)for(i=0;i<g;i++)(l=t[i])!=null&&(2&l.__u)==0&&(l.__e==r&&(r=H(l)),In(l,l));return r}function $n(n,e,t){var r,a;if(typeof n.type=="function"){for(r=n.__k,a=0;r&&a<r.length;a++)r[a]&&(r[a].__=n,e=$n(r[a],e,t));return e}n.__e!=e&&(e&&n.type&&!e.parentNode&&(e=H(n)),e=t.insertBefore(n.__e,e||null));do e=e&&e.nextSibling;while(e!=null&&e.nodeType==8);return e}function Sn(n,e){return e=e||[],n==null||typeof n=="boolean"||(ie(n)?n.some(function(t){Sn(t,e)}):e.push(n)),e}function Jn(n,e,t,r){var a,i,o,l=n.key,p=n.type,c=e[t],g=c!=null&&(2&c.__u)==0;if(c===null&&l==null||g&&l==c.key&&p==c.type)return t;if(r>(g?1:0)){for(a=t-1,i=t+1;a>=0||i<e.length;)if((c=e[o=a>=0?a--:i++])!=null&&(2&c.__u)==0&&l==c.key&&p==c.type)return o}return-1}function Ke(n,e,t){e[0]=="-"?n.setProperty(e,t??""):n[e]=t==null?"":typeof t!="number"||Hn.test(e)?t:t+"px"}function pe(n,e,t,r,a){var i,o;e:if(e=="style")if(typeof t=="string")n.style.cssText=t;else{if(typeof r=="string"&&(n.style.cssText=r=""),r)for(e in r)t&&e in t||Ke(n.style,e,"");if(t)for(e in t)r&&t[e]==r[e]||Ke(n.style,e,t[e])}else if(e[0]=="o"&&e[1]=="n")i=e!=(e=e.replace(_n,"$1")),o=e.toLowerCase(),e=o in n||e=="onFocusOut"||e=="onFocusIn"?o.slice(2):e.slice(2),n.l||(n.l={}),n.l[e+i]=t,t?r?t[ne]=r[ne]:(t[ne]=Oe,n.addEventListener(e,i?Ee:ke,i)):n.removeEventListener(e,i?Ee:ke,i);else{if(a=="http://www.w3.org/2000/svg")e=e.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(e!="width"&&e!="height"&&e!="href"&&e!="list"&&e!="form"&&e!="tabIndex"&&e!="download"&&e!="rowSpan"&&e!="colSpan"&&e!="role"&&e!="popover"&&e in n)try{n[e]=t??"";break e}catch{}typeof t=="function"||(t==null||t===!1&&e[4]!="-"?n.removeAttribute(e):n.setAttribute(e,e=="popover"&&t==1?"":t))}}function ze(n){return function(e){if(this.l){var t=this.l[e.type+n];if(e[_e]==null)e[_e]=Oe++;else if(e[_e]<t[ne])return;return t(S.event?S.event(e):e)}}}function Ve(n,e,t,r,a,i,o,l,p,c){var g,_,d,u,f,b,h,y,m,$,D,q,j,ue,G,R,x=e.type;if(e.constructor!==void 0)return null;128&t.__u&&(p=!!(32&t.__u),i=[l=e.__e=t.__e]),(g=S.__b)&&g(e);e:if(typeof x=="function"){_=o.length;try{if(m=e.props,$=x.prototype&&x.prototype.render,D=(g=x.contextType)&&r[g.__c],q=g?D?D.props.value:g.__:r,t.__c?y=(d=e.__c=t.__c).__=d.__E:($?e.__c=d=new x(m,q):(e.__c=d=new ye(m,q),d.constructor=x,d.render=Kn),D&&D.sub(d),d.state||(d.state={}),d.__n=r,u=d.__d=!0,d.__h=[],d._sb=[]),$&&d.__s==null&&(d.__s=d.state),$&&x.getDerivedStateFromProps!=null&&(d.__s==d.state&&(d.__s=F({},d.__s)),F(d.__s,x.getDerivedStateFromProps(m,d.__s))),f=d.props,b=d.state,d.__v=e,u)$&&x.getDerivedStateFromProps==null&&d.componentWillMount!=null&&d.componentWillMount(),$&&d.componentDidMount!=null&&d.__h.push(d.componentDidMount);else{if($&&x.getDerivedStateFromProps==null&&m!==f&&d.componentWillReceiveProps!=null&&d.componentWillReceiveProps(m,q),e.__v==t.__v||!d.__e&&d.shouldComponentUpdate!=null&&d.shouldComponentUpdate(m,d.__s,q)===!1){e.__v!=t.__v&&(d.props=m,d.state=d.__s,d.__d=!1),e.__e=t.__e,e.__k=t.__k,e.__k.some(function(O){O&&(O.__=e)}),$e.push.apply(d.__h,d._sb),d._sb=[],d.__h.length&&o.push(d),l=H(t);break e}d.componentWillUpdate!=null&&d.componentWillUpdate(m,d.__s,q),$&&d.componentDidUpdate!=null&&d.__h.push(function(){d.componentDidUpdate(f,b,h)})}if(d.context=q,d.props=m,d.__P=n,d.__e=!1,j=S.__r,ue=0,$)d.state=d.__s,d.__d=!1,j&&j(e),g=d.render(d.props,d.state,d.context),$e.push.apply(d.__h,d._sb),d._sb=[];else do d.__d=!1,j&&j(e),g=d.render(d.props,d.state,d.context),d.state=d.__s;while(d.__d&&++ue<25);d.state=d.__s,d.getChildContext!=null&&(r=F(F({},r),d.getChildContext())),$&&!u&&d.getSnapshotBeforeUpdate!=null&&(h=d.getSnapshotBeforeUpdate(f,b)),G=g!=null&&g.type===L&&g.key==null?Cn(g.props.children):g,l=bn(n,ie(G)?G:[G],e,t,r,a,i,o,l,p,c),d.base=e.__e,e.__u&=-161,d.__h.length&&o.push(d),y&&(d.__E=d.__=null)}catch(O){if(o.length=_,e.__v=null,p||i!=null){if(O.then){for(e.__u|=p?160:128;l&&l.nodeType==8&&l.nextSibling;)l=l.nextSibling;i!=null&&(i[i.indexOf(l)]=null),e.__e=l}else if(i!=null)for(R=i.length;R--;)Ue(i[R])}else e.__e=t.__e;e.__k==null&&(e.__k=t.__k||[]),O.then||wn(e),S.__e(O,e,t)}}else i==null&&e.__v==t.__v?(e.__k=t.__k,e.__e=t.__e):l=e.__e=Qn(t.__e,e,t,r,a,i,o,p,c);return(g=S.diffed)&&g(e),128&e.__u?void 0:l}function wn(n){n&&(n.__c&&(n.__c.__e=!0),n.__k&&n.__k.some(wn))}function An(n,e,t){for(var r=0;r<t.length;r++)je(t[r],t[++r],t[++r]);S.__c&&S.__c(e,n),n.some(function(a){try{n=a.__h,a.__h=[],n.some(function(i){i.call(a)})}catch(i){S.__e(i,a.__v)}})}function Cn(n){return typeof n!="object"||n==null||n.__b>0?n:ie(n)?n.map(Cn):n.constructor!==void 0?null:F({},n)}function Qn(n,e,t,r,a,i,o,l,p){var c,g,_,d,u,f,b,h=t.props||be,y=e.props,m=e.type;if(m=="svg"?a="http://www.w3.org/2000/svg":m=="math"?a="http://www.w3.org/1998/Math/MathML":a||(a="http://www.w3.org/1999/xhtml"),i!=null){for(c=0;c<i.length;c++)if((u=i[c])&&"setAttribute"in u==!!m&&(m?u.localName==m:u.nodeType==3)){n=u,i[c]=null;break}}if(n==null){if(m==null)return document.createTextNode(y);n=document.createElementNS(a,m,y.is&&y),l&&(S.__m&&S.__m(e,i),l=!1),i=null}if(m==null)h===y||l&&n.data==y||(n.data=y);else{if(i=m=="textarea"&&y.defaultValue!=null?null:i&&ae.call(n.childNodes),!l&&i!=null)for(h={},c=0;c<n.attributes.length;c++)h[(u=n.attributes[c]).name]=u.value;for(c in h)u=h[c],c=="dangerouslySetInnerHTML"?_=u:c=="children"||c in y||c=="value"&&"defaultValue"in y||c=="checked"&&"defaultChecked"in y||pe(n,c,null,u,a);for(c in y)u=y[c],c=="children"?d=u:c=="dangerouslySetInnerHTML"?g=u:c=="value"?f=u:c=="checked"?b=u:l&&typeof u!="function"||h[c]===u||pe(n,c,u,h[c],a);if(g)l||_&&(g.__html==_.__html||g.__html==n.innerHTML)||(n.innerHTML=g.__html),e.__k=[];else if(_&&(n.innerHTML=""),bn(e.type=="template"?n.content:n,ie(d)?d:[d],e,t,r,m=="foreignObject"?"http://www.w3.org/1999/xhtml":a,i,o,i?i[0]:t.__k&&H(t,0),l,p),i!=null)for(c=i.length;c--;)Ue(i[c]);l&&m!="textarea"||(c="value",m=="progress"&&f==null?n.removeAttribute("value"):f!=null&&(f!==n[c]||m=="progress"&&!f||m=="option"&&f!=h[c])&&pe(n,c,f,h[c],a),c="checked",b!=null&&b!=n[c]&&pe(n,c,b,h[c],a))}return n}function je(n,e,t){try{if(typeof n=="function"){var r=typeof n.__u=="function";r&&n.__u(),r&&e==null||(n.__u=n(e))}else n.current=e}catch(a){S.__e(a,t)}}function In(n,e,t){var r,a;if(S.unmount&&S.unmount(n),(r=n.ref)&&(r.current&&r.current!=n.__e||je(r,null,e)),(r=n.__c)!=null){if(r.componentWillUnmount)try{r.componentWillUnmount()}catch(i){S.__e(i,e)}r.base=r.__P=r.__n=null}if(r=n.__k)for(a=0;a<r.length;a++)r[a]&&In(r[a],e,t||typeof n.type!="function");t||Ue(n.__e),n.__c=n.__=n.__e=void 0}function Kn(n,e,t){return this.constructor(n,t)}function zn(n,e,t){var r,a,i,o;e==document&&(e=document.documentElement),S.__&&S.__(n,e),a=(r=!1)?null:e.__k,i=[],o=[],Ve(e,n=e.__k=B(L,null,[n]),a||be,be,e.namespaceURI,a?null:e.firstChild?ae.call(e.childNodes):null,i,a?a.__e:e.firstChild,r,o),An(i,n,o),n.props.children=null}function Ye(n,e,t){var r,a,i,o,l=F({},n.props);for(i in n.type&&n.type.defaultProps&&(o=n.type.defaultProps),e)i=="key"?r=e[i]:i=="ref"?a=e[i]:l[i]=e[i]===void 0&&o!=null?o[i]:e[i];return arguments.length>2&&(l.children=arguments.length>3?ae.call(arguments,2):t),te(n.type,l,r||n.key,a||n.ref,null)}function Mn(n){function e(t){var r,a;return this.getChildContext||(r=new Set,(a={})[e.__c]=this,this.getChildContext=function(){return a},this.componentWillUnmount=function(){r=null},this.shouldComponentUpdate=function(i){this.props.value!=i.value&&r.forEach(function(o){o.__e=!0,Fe(o)})},this.sub=function(i){r.add(i);var o=i.componentWillUnmount;i.componentWillUnmount=function(){r&&r.delete(i),o&&o.call(i)}}),t.children}return e.__c="__cC"+yn++,e.__=n,e.Provider=e.__l=(e.Consumer=function(t,r){return t.children(r)}).contextType=e,e}ae=$e.slice,S={__e:function(n,e,t,r){for(var a,i,o;e=e.__;)if((a=e.__c)&&!a.__)try{if((i=a.constructor)&&i.getDerivedStateFromError!=null&&(a.setState(i.getDerivedStateFromError(n)),o=a.__d),a.componentDidCatch!=null&&(a.componentDidCatch(n,r||{}),o=a.__d),o)return a.__E=a}catch(l){n=l}throw n}},hn=0,ye.prototype.setState=function(n,e){var t;t=this.__s!=null&&this.__s!=this.state?this.__s:this.__s=F({},this.state),typeof n=="function"&&(n=n(F({},t),this.props)),n&&F(t,n),n!=null&&this.__v&&(e&&this._sb.push(e),Fe(this))},ye.prototype.forceUpdate=function(n){this.__v&&(this.__e=!0,n&&this.__h.push(n),Fe(this))},ye.prototype.render=L,U=[],gn=typeof Promise=="function"?Promise.prototype.then.bind(Promise.resolve()):setTimeout,fn=function(n,e){return n.__v.__b-e.__v.__b},Se.__r=0,Ie=Math.random().toString(8),_e="__d"+Ie,ne="__a"+Ie,_n=/(PointerCapture)$|Capture$/i,Oe=0,ke=ze(!1),Ee=ze(!0),yn=0;var Yn=0;function s(n,e,t,r,a,i){e||(e={});var o,l,p=e;if("ref"in p)for(l in p={},e)l=="ref"?o=e[l]:p[l]=e[l];var c={type:n,props:p,key:t,ref:o,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:--Yn,__i:-1,__u:0,__source:a,__self:i};if(typeof n=="function"&&(o=n.defaultProps))for(l in o)p[l]===void 0&&(p[l]=o[l]);return S.vnode&&S.vnode(c),c}var W,C,Me,Xe,se=0,Dn=[],I=S,Ze=I.__b,en=I.__r,nn=I.diffed,tn=I.__c,sn=I.unmount,rn=I.__;function oe(n,e){I.__h&&I.__h(C,n,se||e),se=0;var t=C.__H||(C.__H={__:[],__h:[]});return n>=t.__.length&&t.__.push({}),t.__[n]}function v(n){return se=1,Be(qn,n)}function Be(n,e,t){var r=oe(W++,2);if(r.t=n,!r.__c&&(r.__=[qn(void 0,e),function(l){var p=r.__N?r.__N[0]:r.__[0],c=r.t(p,l);p!==c&&(r.__N=[c,r.__[1]],r.__c.setState({}))}],r.__c=C,!C.__f)){var a=function(l,p,c){if(!r.__c.__H)return!0;var g=!1,_=r.__c.props!==l;if(r.__c.__H.__.some(function(u){if(u.__N){g=!0;var f=u.__[0];u.__=u.__N,u.__N=void 0,f!==u.__[0]&&(_=!0)}}),i){var d=i.call(this,l,p,c);return g?d||_:d}return!g||_};C.__f=!0;var i=C.shouldComponentUpdate,o=C.componentWillUpdate;C.componentWillUpdate=function(l,p,c){if(this.__e){var g=i;i=void 0,a(l,p,c),i=g}o&&o.call(this,l,p,c)},C.shouldComponentUpdate=a}return r.__N||r.__}function T(n,e){var t=oe(W++,3);!I.__s&&We(t.__H,e)&&(t.__=n,t.u=e,C.__H.__h.push(t))}function He(n,e){var t=oe(W++,4);!I.__s&&We(t.__H,e)&&(t.__=n,t.u=e,C.__h.push(t))}function N(n){return se=5,Ae(function(){return{current:n}},[])}function Ae(n,e){var t=oe(W++,7);return We(t.__H,e)&&(t.__=n(),t.__H=e,t.__h=n),t.__}function Xn(n,e){return se=8,Ae(function(){return n},e)}function Rn(n){var e=C.context[n.__c],t=oe(W++,9);return t.c=n,e?(t.__==null&&(t.__=!0,e.sub(C)),e.props.value):n.__}function Zn(){for(var n;n=Dn.shift();){var e=n.__H;if(n.__P&&e)try{e.__h.some(ve),e.__h.some(Pe),e.__h=[]}catch(t){e.__h=[],I.__e(t,n.__v)}}}I.__b=function(n){C=null,Ze&&Ze(n)},I.__=function(n,e){n&&e.__k&&e.__k.__m&&(n.__m=e.__k.__m),rn&&rn(n,e)},I.__r=function(n){en&&en(n),W=0;var e=(C=n.__c).__H;e&&(Me===C?(e.__h=[],C.__h=[],e.__.some(function(t){t.__N&&(t.__=t.__N),t.u=t.__N=void 0})):(e.__h.some(ve),e.__h.some(Pe),e.__h=[],W=0)),Me=C},I.diffed=function(n){nn&&nn(n);var e=n.__c;e&&e.__H&&(e.__H.__h.length&&(Dn.push(e)!==1&&Xe===I.requestAnimationFrame||((Xe=I.requestAnimationFrame)||et)(Zn)),e.__H.__.some(function(t){t.u&&(t.__H=t.u,t.u=void 0)})),Me=C=null},I.__c=function(n,e){e.some(function(t){try{t.__h.some(ve),t.__h=t.__h.filter(function(r){return!r.__||Pe(r)})}catch(r){e.some(function(a){a.__h&&(a.__h=[])}),e=[],I.__e(r,t.__v)}}),tn&&tn(n,e)},I.unmount=function(n){sn&&sn(n);var e,t=n.__c;t&&t.__H&&(t.__H.__.some(function(r){try{ve(r)}catch(a){e=a}}),t.__H=void 0,e&&I.__e(e,t.__v))};var an=typeof requestAnimationFrame=="function";function et(n){var e,t=function(){clearTimeout(r),an&&cancelAnimationFrame(e),setTimeout(n)},r=setTimeout(t,35);an&&(e=requestAnimationFrame(t))}function ve(n){var e=C,t=n.__c;typeof t=="function"&&(n.__c=void 0,t()),C=e}function Pe(n){var e=C;n.__c=n.__(),C=e}function We(n,e){return!n||n.length!==e.length||e.some(function(t,r){return t!==n[r]})}function qn(n,e){return typeof e=="function"?e(n):e}let Q,Z;function nt(n){return!Z||(typeof Z=="string"?n.startsWith(Z):Z.test(n))}function tt(n,e){let t="";if(Q=void 0,e&&e.type==="click"){if(e.ctrlKey||e.metaKey||e.altKey||e.shiftKey||e.button!==0)return n;const r=e.composedPath().find(i=>i.nodeName=="A"&&i.href),a=r&&r.getAttribute("href");if(!r||r.origin!=location.origin||/^#/.test(a)||!/^(_?self)?$/i.test(r.target)||!nt(a)||r.download)return n;Q=!0,e.preventDefault(),t=r.href.replace(location.origin,"")}else e&&e.url?(Q=!e.replace,t=e.url):t=location.pathname+location.search;return Q===!0?history.pushState(null,"",t):Q===!1&&history.replaceState(null,"",t),t}const st=(n,e,t={})=>{n=n.split("/").filter(Boolean),e=(e||"").split("/").filter(Boolean),t.params||(t.params={});for(let r=0,a,i;r<Math.max(n.length,e.length);r++){let[,o,l,p]=(e[r]||"").match(/^(:?)(.*?)([+*?]?)$/);if(a=n[r],!(!o&&l==a)){if(!o&&a&&p=="*"){t.rest="/"+n.slice(r).join("/");break}if(!o||!a&&p!="?"&&p!="*")return;if(i=p=="+"||p=="*",i?a=n.slice(r).map(decodeURIComponent).join("/")||void 0:a&&(a=decodeURIComponent(a)),t.params[l]=a,l in t||(t[l]=a),i)break}}return t};function le(n){const[e,t]=Be(tt,n.url||location.pathname+location.search);n.scope&&(Z=n.scope);const r=Q===!0,a=Ae(()=>{const i=new URL(e,location.origin),o=i.pathname.replace(/\/+$/g,"")||"/";return{url:e,path:o,query:Object.fromEntries(i.searchParams),route:(l,p)=>t({url:l,replace:p}),back:()=>{history.back()},forward:()=>{history.forward()},wasPush:r}},[e]);return He(()=>(addEventListener("click",t),addEventListener("popstate",t),()=>{removeEventListener("click",t),removeEventListener("popstate",t)}),[]),B(le.ctx.Provider,{value:a},n.children)}const rt=Promise.resolve();function xn(n){const[e,t]=Be(R=>R+1,0),{url:r,query:a,wasPush:i,path:o}=V();if(!r)throw new Error("preact-iso's <Router> must be used within a <LocationProvider>, see: https://github.com/preactjs/preact-iso#locationprovider");const{rest:l=o,params:p={}}=Rn(on),c=N(!1),g=N(o),_=N(1),d=N(),u=N(),f=N(),b=N(!1),h=N();h.current=!1;let y,m,$;Sn(n.children).some(R=>{if(st(l,R.props.path,$={...R.props,path:l,query:a,params:Object.assign({},p),rest:""}))return y=Ye(R,$);R.props.default&&(m=Ye(R,$))});let D=y||m;const q=d.current&&d.current.__u&me&&d.current.__u&he,j=d.current&&d.current.__h,ue=Ae(()=>{u.current=d.current,d.current=B(on.Provider,{value:$},D);const R=u.current&&u.current.props.children;return!R||!D||D.type!==R.type||D.props.component!==R.props.component?(_.current++,!0):!1},[r,JSON.stringify($)]);q?(d.current.__u|=me,d.current.__u|=he):j&&(d.current.__h=!0);const G=u.current;return u.current=null,this.__c=(R,x)=>{h.current=!0,u.current=G,n.onLoadStart&&n.onLoadStart(r),c.current=!0;let O=_.current;R.then(()=>{O===_.current&&(u.current=null,d.current&&(x.__h&&(d.current.__h=x.__h),x.__u&he&&(d.current.__u|=he),x.__u&me&&(d.current.__u|=me)),rt.then(t))})},He(()=>{const R=this.__v&&this.__v.__e;if(h.current){!b.current&&!f.current&&(f.current=R);return}!b.current&&f.current&&(f.current!==R&&f.current.remove(),f.current=null),b.current=!0,g.current!==o&&(i&&scrollTo(0,0),n.onRouteChange&&n.onRouteChange(r),g.current=o),n.onLoadEnd&&c.current&&n.onLoadEnd(r),c.current=!1},[o,i,e]),ue?[B(De,{r:d,key:_.current}),B(De,{r:u,key:_.current-1})]:B(De,{r:d,key:_.current})}const me=32,he=128,De=({r:n})=>n.current;xn.Provider=le;le.ctx=Mn({});const on=Mn({}),E=n=>B(n.component,n),V=()=>Rn(le.ctx);class k extends Error{constructor(e,t,r={}){super(e),this.code=t,this.extensions=r}code;extensions}const Nn={"X-Souq-Client":"web"},Le="souq:signed-out";function kn(){window.dispatchEvent(new Event(Le))}async function M(n,...[e]){let t;try{t=await fetch("/graphql",{method:"POST",credentials:"same-origin",headers:{"Content-Type":"application/json",Accept:"application/graphql-response+json, application/json",...Nn},body:JSON.stringify({query:n.toString(),variables:e??{}})})}catch{throw new k("souq cannot be reached: check your connection","NETWORK")}let r;try{r=await t.json()}catch{throw new k(`souq answered ${t.status}`,"NETWORK")}const a=r.errors?.[0];if(a){const i=String(a.extensions?.code??"ERROR");throw i==="UNAUTHENTICATED"&&kn(),new k(a.message,i,a.extensions??{})}if(!r.data)throw new k("souq answered without data","ERROR");return r.data}async function Ge(n,e){try{return await fetch("/session",{method:n,credentials:"same-origin",headers:{...Nn,...e?{"Content-Type":"application/json"}:{}},body:e?JSON.stringify(e):void 0})}catch{throw new k("souq cannot be reached: check your connection","NETWORK")}}async function Je(n){let e=`souq answered ${n.status}`,t="ERROR";try{const r=await n.json();e=r.message??e,t=r.error??t}catch{}return new k(e,t)}async function at(){const n=await Ge("GET");if(n.status===401)return null;if(!n.ok)throw await Je(n);return n.json()}async function it(n,e){const t=await Ge("POST",{username:n,password:e});if(!t.ok)throw await Je(t);return t.json()}async function ot(){const n=await Ge("DELETE");if(!n.ok&&n.status!==401)throw await Je(n)}let we=null;function lt(){const{protocol:n,host:e}=window.location;return`${n==="https:"?"wss":"ws"}://${e}/graphql`}function dt(){return we??=Bn({url:lt(),lazy:!0,retryAttempts:0}),we}function ct(n,e,t){const r=dt(),a=r.on("connected",()=>t.onOpen?.());let i=!1;const o=p=>{i||(i=!0,a(),t.onEnd(p))},l=r.subscribe({query:n.toString(),variables:e},{next:p=>{p.errors?.length?o(p.errors[0]):p.data&&t.onData(p.data)},error:o,complete:()=>o(null)});return()=>{i=!0,a(),l()}}function ut(){we?.dispose(),we=null}class w extends String{__apiType;value;__meta__;constructor(e,t){super(e),this.value=e,this.__meta__=t}toString(){return this.value}}const pt=new w(`
    fragment VersionFields on AppVersion {
  slug
  version
  status
  revision
  scopes
  manifest
  submittedBy
  submittedAt
  decidedBy
  decidedAt
  reason
  commands {
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
  diff {
    against
    commandsAdded {
      name
      before
      after
      changes
    }
    commandsRemoved {
      name
      before
      after
      changes
    }
    commandsChanged {
      name
      before
      after
      changes
    }
    actionsAdded
    actionsRemoved
    actionsChanged
    scopesAdded
    scopesRemoved
  }
}
    `,{fragmentName:"VersionFields"}),mt=new w(`
    fragment UsageFields on AppUsageDay {
  day
  invocations
  people
  errors
  timeouts
  p95LatencyMs
}
    `,{fragmentName:"UsageFields"}),ht=new w(`
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
    `,{fragmentName:"MessageFields"}),gt=new w(`
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
}`,{fragmentName:"ConversationFields"}),ft=new w(`
    query AdminApps($days: Int!) {
  registeredApps {
    slug
    owner
    approvedVersion
    suspension {
      reason
    }
    usage(days: $days) {
      ...UsageFields
    }
  }
  installedApps {
    slug
    name
    status
  }
}
    fragment UsageFields on AppUsageDay {
  day
  invocations
  people
  errors
  timeouts
  p95LatencyMs
}`),_t=new w(`
    query AdminApp($slug: String!, $days: Int!) {
  registeredApp(slug: $slug) {
    slug
    owner
    createdAt
    approvedVersion
    suspension {
      reason
      by
      since
    }
    messaging {
      quality
      delivered
      reported
      dailyCap
      promotionsPaused
    }
    usage(days: $days) {
      ...UsageFields
    }
  }
  installedApps {
    slug
    name
    status
    installedVersion
    reason
  }
}
    fragment UsageFields on AppUsageDay {
  day
  invocations
  people
  errors
  timeouts
  p95LatencyMs
}`),yt=new w(`
    mutation SuspendApp($slug: String!, $reason: String!) {
  suspendApp(slug: $slug, reason: $reason) {
    slug
  }
}
    `),vt=new w(`
    mutation UnsuspendApp($slug: String!, $reason: String!) {
  unsuspendApp(slug: $slug, reason: $reason) {
    slug
  }
}
    `),bt=new w(`
    query AuditLog($first: Int, $after: String, $action: AuditAction, $app: String, $actor: String, $subject: String) {
  auditLog(
    first: $first
    after: $after
    action: $action
    app: $app
    actor: $actor
    subject: $subject
  ) {
    nodes {
      id
      at
      actor
      action
      app
      version
      subject
      reason
      detail
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `),$t=new w(`
    query ReviewQueue {
  reviewQueue {
    ...VersionFields
  }
  registeredApps {
    slug
    owner
    approvedVersion
    versions {
      ...VersionFields
    }
  }
}
    fragment VersionFields on AppVersion {
  slug
  version
  status
  revision
  scopes
  manifest
  submittedBy
  submittedAt
  decidedBy
  decidedAt
  reason
  commands {
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
  diff {
    against
    commandsAdded {
      name
      before
      after
      changes
    }
    commandsRemoved {
      name
      before
      after
      changes
    }
    commandsChanged {
      name
      before
      after
      changes
    }
    actionsAdded
    actionsRemoved
    actionsChanged
    scopesAdded
    scopesRemoved
  }
}`),St=new w(`
    mutation ApproveVersion($slug: String!, $version: String!, $reason: String) {
  approveAppVersion(slug: $slug, version: $version, reason: $reason) {
    slug
    version
    status
  }
}
    `),wt=new w(`
    mutation RejectVersion($slug: String!, $version: String!, $reason: String!) {
  rejectAppVersion(slug: $slug, version: $version, reason: $reason) {
    slug
    version
    status
  }
}
    `),At=new w(`
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
}`),Ct=new w(`
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
}`),It=new w(`
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
}`),Mt=new w(`
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
}`),Dt=new w(`
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
}`),Rt=new w(`
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
}`),qt=new w(`
    mutation MarkRead($conversationId: ID!, $seq: Int!) {
  markRead(conversationId: $conversationId, seq: $seq) {
    id
    lastReadSeq
  }
}
    `),xt=new w(`
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
}`),Nt=new w(`
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
    `),kt=new w(`
    query MyApp($slug: String!, $days: Int!) {
  registeredApp(slug: $slug) {
    slug
    owner
    approvedVersion
    suspension {
      reason
      since
    }
    versions {
      ...VersionFields
    }
    usage(days: $days) {
      ...UsageFields
    }
  }
}
    fragment VersionFields on AppVersion {
  slug
  version
  status
  revision
  scopes
  manifest
  submittedBy
  submittedAt
  decidedBy
  decidedAt
  reason
  commands {
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
  diff {
    against
    commandsAdded {
      name
      before
      after
      changes
    }
    commandsRemoved {
      name
      before
      after
      changes
    }
    commandsChanged {
      name
      before
      after
      changes
    }
    actionsAdded
    actionsRemoved
    actionsChanged
    scopesAdded
    scopesRemoved
  }
}
fragment UsageFields on AppUsageDay {
  day
  invocations
  people
  errors
  timeouts
  p95LatencyMs
}`),Et=new w(`
    mutation SubmitVersion($slug: String!, $manifest: JSON!) {
  submitAppVersion(slug: $slug, manifest: $manifest) {
    version
    status
  }
}
    `),Ft=new w(`
    query MyApps {
  myApps {
    slug
    approvedVersion
    suspension {
      reason
    }
    versions {
      version
      status
    }
  }
}
    `),Pt=new w(`
    mutation RegisterApp($slug: String!) {
  registerApp(slug: $slug) {
    slug
  }
}
    `),Lt=new w(`
    mutation Register($username: String!, $password: String!, $displayName: String) {
  register(username: $username, password: $password, displayName: $displayName) {
    me {
      username
    }
  }
}
    `),Tt={"\n  query AdminApps($days: Int!) {\n    registeredApps {\n      slug\n      owner\n      approvedVersion\n      suspension {\n        reason\n      }\n      usage(days: $days) {\n        ...UsageFields\n      }\n    }\n    installedApps {\n      slug\n      name\n      status\n    }\n  }\n":ft,"\n  query AdminApp($slug: String!, $days: Int!) {\n    registeredApp(slug: $slug) {\n      slug\n      owner\n      createdAt\n      approvedVersion\n      suspension {\n        reason\n        by\n        since\n      }\n      messaging {\n        quality\n        delivered\n        reported\n        dailyCap\n        promotionsPaused\n      }\n      usage(days: $days) {\n        ...UsageFields\n      }\n    }\n    installedApps {\n      slug\n      name\n      status\n      installedVersion\n      reason\n    }\n  }\n":_t,"\n  mutation SuspendApp($slug: String!, $reason: String!) {\n    suspendApp(slug: $slug, reason: $reason) {\n      slug\n    }\n  }\n":yt,"\n  mutation UnsuspendApp($slug: String!, $reason: String!) {\n    unsuspendApp(slug: $slug, reason: $reason) {\n      slug\n    }\n  }\n":vt,"\n  query AuditLog($first: Int, $after: String, $action: AuditAction, $app: String, $actor: String, $subject: String) {\n    auditLog(first: $first, after: $after, action: $action, app: $app, actor: $actor, subject: $subject) {\n      nodes {\n        id\n        at\n        actor\n        action\n        app\n        version\n        subject\n        reason\n        detail\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n":bt,"\n  query ReviewQueue {\n    reviewQueue {\n      ...VersionFields\n    }\n    registeredApps {\n      slug\n      owner\n      approvedVersion\n      versions {\n        ...VersionFields\n      }\n    }\n  }\n":$t,"\n  mutation ApproveVersion($slug: String!, $version: String!, $reason: String) {\n    approveAppVersion(slug: $slug, version: $version, reason: $reason) {\n      slug\n      version\n      status\n    }\n  }\n":St,"\n  mutation RejectVersion($slug: String!, $version: String!, $reason: String!) {\n    rejectAppVersion(slug: $slug, version: $version, reason: $reason) {\n      slug\n      version\n      status\n    }\n  }\n":wt,"\n  fragment VersionFields on AppVersion {\n    slug\n    version\n    status\n    revision\n    scopes\n    manifest\n    submittedBy\n    submittedAt\n    decidedBy\n    decidedAt\n    reason\n    commands {\n      name\n      summary\n      usage\n      params {\n        name\n        type\n        required\n        help\n        accepts\n      }\n    }\n    diff {\n      against\n      commandsAdded { name before after changes }\n      commandsRemoved { name before after changes }\n      commandsChanged { name before after changes }\n      actionsAdded\n      actionsRemoved\n      actionsChanged\n      scopesAdded\n      scopesRemoved\n    }\n  }\n":pt,"\n  fragment UsageFields on AppUsageDay {\n    day\n    invocations\n    people\n    errors\n    timeouts\n    p95LatencyMs\n  }\n":mt,"\n  fragment MessageFields on Message {\n    id\n    conversationId\n    seq\n    body\n    createdAt\n    private\n    deleted\n    revision\n    clientMessageId\n    sender { id username displayName }\n    invoker { id username displayName }\n    app { slug name }\n    why { text scope category reported }\n    content {\n      __typename\n      ... on Card {\n        title\n        body\n        fields { label value }\n        buttons { id label }\n      }\n      ... on ListContent {\n        title\n        items { title body buttons { id label } }\n      }\n      ... on PaymentCard {\n        paymentRequestId\n        description\n        status\n        expiresAt\n        amount { formatted }\n      }\n    }\n  }\n":ht,"\n  fragment ConversationFields on Conversation {\n    id\n    kind\n    title\n    app\n    lastSeq\n    lastReadSeq\n    unreadCount\n    lastActivityAt\n    owner { id username displayName }\n    members { id username displayName }\n    lastMessage { ...MessageFields }\n  }\n":gt,"\n  query Conversations($first: Int!) {\n    me { id username displayName role }\n    limits { maxMessageLength maxPageSize maxReplayConversations }\n    conversations(first: $first) { nodes { ...ConversationFields } }\n  }\n":At,"\n  query Conversation($id: ID!) {\n    conversation(id: $id) { ...ConversationFields }\n  }\n":Ct,"\n  query History($id: ID!, $last: Int!, $before: String) {\n    conversation(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        pageInfo { hasPreviousPage startCursor }\n        nodes { ...MessageFields }\n      }\n    }\n  }\n":It,"\n  subscription Events($after: [SeenInput!]) {\n    events(after: $after) {\n      __typename\n      ... on MessagePosted { message { ...MessageFields } }\n      ... on MessageUpdated { message { ...MessageFields } }\n    }\n  }\n":Mt,"\n  mutation SendMessage($conversationId: ID!, $body: String!, $clientMessageId: String!) {\n    sendMessage(conversationId: $conversationId, body: $body, clientMessageId: $clientMessageId) {\n      ...MessageFields\n    }\n  }\n":Dt,"\n  mutation PressButton($messageId: ID!, $buttonId: String!, $clientId: String!) {\n    pressButton(messageId: $messageId, buttonId: $buttonId, clientId: $clientId) {\n      ...MessageFields\n    }\n  }\n":Rt,"\n  mutation MarkRead($conversationId: ID!, $seq: Int!) {\n    markRead(conversationId: $conversationId, seq: $seq) { id lastReadSeq }\n  }\n":qt,"\n  mutation OpenDirect($username: String!) {\n    openDirectConversation(username: $username) { ...ConversationFields }\n  }\n":xt,"\n  query CommandSuggestions($conversationId: ID!, $prefix: String!) {\n    commandSuggestions(conversationId: $conversationId, prefix: $prefix) {\n      app { slug name }\n      command {\n        name\n        summary\n        usage\n        params { name type required help accepts }\n      }\n    }\n  }\n":Nt,"\n  query MyApp($slug: String!, $days: Int!) {\n    registeredApp(slug: $slug) {\n      slug\n      owner\n      approvedVersion\n      suspension {\n        reason\n        since\n      }\n      versions {\n        ...VersionFields\n      }\n      usage(days: $days) {\n        ...UsageFields\n      }\n    }\n  }\n":kt,"\n  mutation SubmitVersion($slug: String!, $manifest: JSON!) {\n    submitAppVersion(slug: $slug, manifest: $manifest) {\n      version\n      status\n    }\n  }\n":Et,"\n  query MyApps {\n    myApps {\n      slug\n      approvedVersion\n      suspension {\n        reason\n      }\n      versions {\n        version\n        status\n      }\n    }\n  }\n":Ft,"\n  mutation RegisterApp($slug: String!) {\n    registerApp(slug: $slug) {\n      slug\n    }\n  }\n":Pt,"\n  mutation Register($username: String!, $password: String!, $displayName: String) {\n    register(username: $username, password: $password, displayName: $displayName) {\n      me { username }\n    }\n  }\n":Lt};function A(n){return Tt[n]??{}}A(`
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
`);A(`
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
`);const Ot=A(`
  query Conversations($first: Int!) {
    me { id username displayName role }
    limits { maxMessageLength maxPageSize maxReplayConversations }
    conversations(first: $first) { nodes { ...ConversationFields } }
  }
`),Ut=A(`
  query Conversation($id: ID!) {
    conversation(id: $id) { ...ConversationFields }
  }
`),Vt=A(`
  query History($id: ID!, $last: Int!, $before: String) {
    conversation(id: $id) {
      id
      messages(last: $last, before: $before) {
        pageInfo { hasPreviousPage startCursor }
        nodes { ...MessageFields }
      }
    }
  }
`),jt=A(`
  subscription Events($after: [SeenInput!]) {
    events(after: $after) {
      __typename
      ... on MessagePosted { message { ...MessageFields } }
      ... on MessageUpdated { message { ...MessageFields } }
    }
  }
`),Bt=A(`
  mutation SendMessage($conversationId: ID!, $body: String!, $clientMessageId: String!) {
    sendMessage(conversationId: $conversationId, body: $body, clientMessageId: $clientMessageId) {
      ...MessageFields
    }
  }
`),Ht=A(`
  mutation PressButton($messageId: ID!, $buttonId: String!, $clientId: String!) {
    pressButton(messageId: $messageId, buttonId: $buttonId, clientId: $clientId) {
      ...MessageFields
    }
  }
`),Wt=A(`
  mutation MarkRead($conversationId: ID!, $seq: Int!) {
    markRead(conversationId: $conversationId, seq: $seq) { id lastReadSeq }
  }
`),Gt=A(`
  mutation OpenDirect($username: String!) {
    openDirectConversation(username: $username) { ...ConversationFields }
  }
`),Jt=30,Qt=4403,Kt=1e4;class zt{me=null;maxMessageLength=4e3;conversations=new Map;connection="connecting";open=null;messages=new Map;history=new Map;pending=new Map;listeners=new Set;stopLive=null;retry=null;failures=0;maxReplay=100;fetching=new Set;listen(e){return this.listeners.add(e),()=>this.listeners.delete(e)}changed(){for(const e of this.listeners)e()}async start(){const e=await M(Ot,{first:100});this.me=e.me,this.maxMessageLength=e.limits.maxMessageLength,this.maxReplay=e.limits.maxReplayConversations;for(const t of e.conversations.nodes)this.conversations.set(t.id,t);this.changed(),this.follow()}stop(){this.stopLive?.(),this.stopLive=null,this.retry&&clearTimeout(this.retry),this.retry=null,this.conversations.clear(),this.messages.clear(),this.history.clear(),this.pending.clear(),this.me=null,this.open=null,this.connection="connecting"}follow(){const e=[...this.conversations.values()].sort((t,r)=>r.lastActivityAt.localeCompare(t.lastActivityAt)).slice(0,this.maxReplay).map(t=>({conversationId:t.id,seq:t.lastSeq}));this.stopLive=ct(jt,{after:e},{onOpen:()=>{this.failures=0,this.connection="live",this.changed()},onData:t=>this.receive(t.events.message),onEnd:t=>{if(this.stopLive=null,t?.code===Qt){kn();return}this.connection="reconnecting",this.changed();const r=Math.min(Kt,500*2**this.failures++);this.retry=setTimeout(()=>{this.retry=null,this.follow()},r)}})}reconnect(){this.retry&&(clearTimeout(this.retry),this.retry=null,this.failures=0,this.follow())}receive(e){const t=e.conversationId;e.clientMessageId&&this.settle(t,e.clientMessageId);const r=this.messagesOf(t).get(e.seq);if(r&&r.revision>e.revision){this.changed();return}this.messagesOf(t).set(e.seq,e);const a=this.conversations.get(t);if(!a){this.fetchConversation(t);return}if(e.seq>a.lastSeq){const i=e.sender?.id===this.me?.id,o=this.open===t&&document.visibilityState==="visible";this.conversations.set(t,{...a,lastSeq:e.seq,lastMessage:e,lastActivityAt:e.createdAt,unreadCount:i||o?a.unreadCount:a.unreadCount+1}),o&&this.markRead(t)}else a.lastMessage?.seq===e.seq&&this.conversations.set(t,{...a,lastMessage:e});this.changed()}async fetchConversation(e){if(!this.fetching.has(e)){this.fetching.add(e);try{const t=await M(Ut,{id:e});this.conversations.set(e,t.conversation),this.changed()}finally{this.fetching.delete(e)}}}add(e){this.conversations.set(e.id,e),this.changed()}list(){return[...this.conversations.values()].sort((e,t)=>t.lastActivityAt.localeCompare(e.lastActivityAt))}messagesOf(e){let t=this.messages.get(e);return t||this.messages.set(e,t=new Map),t}messagesIn(e){return[...this.messagesOf(e).values()].sort((t,r)=>t.seq-r.seq)}pendingIn(e){return this.pending.get(e)??[]}hasOlder(e){return this.history.get(e)?.hasPrevious??!0}async loadOlder(e){const t=this.history.get(e)??{hasPrevious:!0,before:null,loading:!1};if(!(t.loading||!t.hasPrevious)){this.history.set(e,{...t,loading:!0});try{const a=(await M(Vt,{id:e,last:Jt,before:t.before})).conversation.messages;for(const i of a.nodes)this.messagesOf(e).has(i.seq)||this.messagesOf(e).set(i.seq,i);this.history.set(e,{hasPrevious:a.pageInfo.hasPreviousPage,before:a.pageInfo.startCursor??null,loading:!1})}catch(r){throw this.history.set(e,{...t,loading:!1}),r}this.changed()}}async markRead(e){const t=this.conversations.get(e);if(!t||t.lastReadSeq>=t.lastSeq){t?.unreadCount&&this.add({...t,unreadCount:0});return}const r=t.lastSeq;this.add({...t,lastReadSeq:r,unreadCount:0}),await M(Wt,{conversationId:e,seq:r})}async send(e,t,r=crypto.randomUUID()){const a=this.pendingIn(e).filter(i=>i.clientMessageId!==r);this.pending.set(e,[...a,{clientMessageId:r,conversationId:e,body:t,state:"sending"}]),this.changed();try{const i=await M(Bt,{conversationId:e,body:t,clientMessageId:r});this.receive(i.sendMessage)}catch(i){const o=i instanceof k?i.message:String(i);this.pending.set(e,this.pendingIn(e).map(l=>l.clientMessageId===r?{...l,state:"failed",error:o}:l)),this.changed()}}retrySend(e){return this.send(e.conversationId,e.body,e.clientMessageId)}settle(e,t){const r=this.pendingIn(e);r.some(a=>a.clientMessageId===t)&&this.pending.set(e,r.filter(a=>a.clientMessageId!==t))}drop(e,t){this.pending.set(e,this.pendingIn(e).filter(r=>r.clientMessageId!==t)),this.changed()}}const K=new zt;function de(){const[,n]=v(0);return T(()=>K.listen(()=>n(e=>e+1)),[]),K}const Yt=A(`
  mutation Register($username: String!, $password: String!, $displayName: String) {
    register(username: $username, password: $password, displayName: $displayName) {
      me { username }
    }
  }
`);function Xt({onSignedIn:n}){const[e,t]=v(!1),[r,a]=v(null),[i,o]=v(!1);return s("main",{id:"main",class:"signin",children:[s("h1",{class:"brand",children:"souq"}),s("form",{onSubmit:async p=>{p.preventDefault();const c=new FormData(p.currentTarget),g=String(c.get("username")??"").trim(),_=String(c.get("password")??"");o(!0),a(null);try{if(e){const d=String(c.get("displayName")??"").trim()||null;await M(Yt,{username:g,password:_,displayName:d})}n(await it(g,_))}catch(d){a(d instanceof k?d.message:String(d))}finally{o(!1)}},"aria-labelledby":"signin-title",children:[s("h2",{id:"signin-title",children:e?"Create your account":"Sign in"}),s("label",{children:["Username",s("input",{name:"username",autoComplete:"username",required:!0,autoFocus:!0})]}),e&&s("label",{children:["Display name ",s("span",{class:"hint",children:"(optional)"}),s("input",{name:"displayName",autoComplete:"name"})]}),s("label",{children:["Password",s("input",{name:"password",type:"password",autoComplete:e?"new-password":"current-password",required:!0})]}),r&&s("p",{class:"error",role:"alert",children:r}),s("button",{type:"submit",disabled:i,children:e?"Create account":"Sign in"}),s("button",{type:"button",class:"link",onClick:()=>{t(!e),a(null)},children:e?"I have an account: sign in":"New here? Create an account"})]})]})}function En(n,e){return n.title?n.title:n.kind==="APP"&&n.app?n.app:n.members.filter(r=>r.id!==e?.id).map(r=>r.displayName).join(", ")||"Just you"}function Fn(n){const e=new Date(n),t=new Date;return e.toDateString()===t.toDateString()?e.toLocaleTimeString([],{hour:"2-digit",minute:"2-digit"}):e.toLocaleDateString([],{day:"numeric",month:"short"})}function Zt({openId:n}){const e=de(),{route:t}=V(),[r,a]=v(null);return s("aside",{class:"conversations","aria-label":"Conversations",children:[s("form",{class:"new-chat",onSubmit:async o=>{o.preventDefault();const l=o.currentTarget,p=String(new FormData(l).get("username")??"").trim();if(p)try{const c=await M(Gt,{username:p});e.add(c.openDirectConversation),l.reset(),a(null),t(`/chats/${c.openDirectConversation.id}`)}catch(c){a(c instanceof k?c.message:String(c))}},children:[s("label",{children:[s("span",{class:"visually-hidden",children:"Start a chat with (username)"}),s("input",{name:"username",placeholder:"Start a chat with… (username)",autoComplete:"off"})]}),s("button",{type:"submit",children:"Chat"})]}),r&&s("p",{class:"error",role:"alert",children:r}),s("ul",{class:"conversation-list",children:e.list().map(o=>s("li",{children:s("a",{href:`/chats/${o.id}`,"aria-current":o.id===n?"page":void 0,class:"conversation-link",children:[s("span",{class:"name",children:En(o,e.me)}),s("span",{class:"time",children:Fn(o.lastActivityAt)}),s("span",{class:"preview",children:o.lastMessage?`${o.lastMessage.sender?.displayName??o.lastMessage.app?.name??"souq"}: ${o.lastMessage.body}`:"No messages yet"}),o.unreadCount>0&&s("span",{class:"unread","aria-label":`${o.unreadCount} unread`,children:o.unreadCount})]})},o.id))})]})}function es({message:n,mine:e}){const t=n.app?n.app.name:n.sender?.displayName??"someone",r=["message",e?"mine":"theirs",n.app?"from-app":""];return s("li",{class:r.join(" "),"data-seq":n.seq,children:[s("div",{class:"meta",children:[s("span",{class:"from",children:t}),n.app?.slug==="souq"&&s("span",{class:"badge",children:"souq"}),s("time",{dateTime:n.createdAt,children:Fn(n.createdAt)}),n.private&&s("span",{class:"badge private",children:"Only you can see this"})]}),n.deleted?s("p",{class:"body deleted",children:"This message was deleted."}):s(L,{children:[n.body&&s("p",{class:"body",children:n.body}),n.content&&s(ns,{message:n,content:n.content})]}),n.why&&s("p",{class:"why",children:n.why.text})]})}function ns({message:n,content:e}){switch(e.__typename){case"Card":return s("div",{class:"card",children:[s("h3",{children:e.title}),e.body&&s("p",{children:e.body}),e.fields.length>0&&s("dl",{children:e.fields.map((t,r)=>s("div",{children:[s("dt",{children:t.label}),s("dd",{children:t.value})]},r))}),s(ln,{message:n,buttons:e.buttons})]});case"ListContent":return s("div",{class:"card list",children:[s("h3",{children:e.title}),s("ul",{children:e.items.map((t,r)=>s("li",{children:[s("strong",{children:t.title}),t.body&&s("p",{children:t.body}),s(ln,{message:n,buttons:t.buttons})]},r))})]});case"PaymentCard":return s("div",{class:"card payment",children:[s("h3",{children:[e.description," · ",e.amount.formatted]}),s("p",{class:"status",children:ts(e.status)})]});default:return null}}function ts(n){return{PENDING:"Waiting for payment",COMPLETED:"Paid",DECLINED:"Declined",EXPIRED:"Expired"}[n]??n}function ln({message:n,buttons:e}){const[t,r]=v(null),[a,i]=v(null);if(e.length===0)return null;const o=async l=>{r(l.id),i(null);try{const p=await M(Ht,{messageId:n.id,buttonId:l.id,clientId:crypto.randomUUID()});K.receive(p.pressButton)}catch(p){i(p instanceof k?p.message:String(p))}finally{r(null)}};return s("div",{class:"buttons",children:[e.map(l=>s("button",{type:"button",disabled:t!==null,onClick:()=>o(l),children:l.label},l.id)),a&&s("p",{class:"error",role:"alert",children:a})]})}function ss({pending:n}){return s("li",{class:`message mine pending ${n.state}`,children:[s("p",{class:"body",children:n.body}),n.state==="sending"?s("p",{class:"state",children:"Sending…"}):s("p",{class:"state",role:"alert",children:["Not sent: ",n.error," ",s("button",{type:"button",class:"quiet",onClick:()=>K.retrySend(n),children:"Retry"}),s("button",{type:"button",class:"quiet",onClick:()=>K.drop(n.conversationId,n.clientMessageId),children:"Discard"})]})]})}const rs=A(`
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
`);function dn(n){return`/${n.app.slug} ${n.command.name} `}function as({conversationId:n}){const e=de(),[t,r]=v(""),[a,i]=v([]),[o,l]=v(0),[p,c]=v(null),g=N(null),_=N("");T(()=>{const h=t.trimStart();if(!h.startsWith("/")||h.includes(`
`)){i([]);return}_.current=h,M(rs,{conversationId:n,prefix:h}).then(y=>{if(_.current!==h)return;const m=h.split(/\s+/).length,$=y.commandSuggestions.find(D=>h.startsWith(dn(D)));c($??null),i($&&m>2?[]:y.commandSuggestions.slice(0,8)),l(0)},()=>i([]))},[t,n]);const d=h=>{r(dn(h)),c(h),i([]),g.current?.focus()},u=()=>{const h=t.trim();h&&(e.send(n,h),r(""),c(null),i([]))},f=h=>{const y=a.length>0;y&&h.key==="ArrowDown"?(h.preventDefault(),l((o+1)%a.length)):y&&h.key==="ArrowUp"?(h.preventDefault(),l((o-1+a.length)%a.length)):y&&(h.key==="Tab"||h.key==="Enter"&&!h.shiftKey)?(h.preventDefault(),d(a[o])):y&&h.key==="Escape"?i([]):h.key==="Enter"&&!h.shiftKey&&(h.preventDefault(),u())},b=`commands-${n}`;return s("form",{class:"composer",onSubmit:h=>{h.preventDefault(),u()},children:[a.length>0&&s("ul",{class:"suggestions",id:b,role:"listbox","aria-label":"Commands",children:a.map((h,y)=>s("li",{id:`${b}-${y}`,role:"option","aria-selected":y===o,onMouseDown:m=>{m.preventDefault(),d(h)},children:[s("span",{class:"command",children:["/",h.app.slug," ",h.command.name]}),s("span",{class:"summary",children:h.command.summary}),s(cn,{suggestion:h})]},`${h.app.slug} ${h.command.name}`))}),p&&a.length===0&&s("div",{class:"usage","aria-live":"polite",children:[s("code",{children:p.command.usage}),s(cn,{suggestion:p})]}),s("label",{class:"visually-hidden",for:`compose-${n}`,children:"Message"}),s("textarea",{id:`compose-${n}`,ref:g,rows:1,value:t,maxLength:e.maxMessageLength,placeholder:"Message, or / for commands",role:"combobox","aria-expanded":a.length>0,"aria-controls":b,"aria-autocomplete":"list","aria-activedescendant":a.length?`${b}-${o}`:void 0,onInput:h=>r(h.currentTarget.value),onKeyDown:f}),s("button",{type:"submit",disabled:!t.trim(),children:"Send"})]})}function cn({suggestion:n}){const e=n.command.params;return e.length===0?null:s("dl",{class:"params",children:e.map(t=>s("div",{children:[s("dt",{children:[t.name,t.required?"":" (optional)"," · ",s("span",{class:"type",children:t.type})]}),s("dd",{children:t.help||t.accepts})]},t.name))})}function is({id:n}){const e=de(),t=e.conversations.get(n),r=N(null),a=N(!0),i=N(null),[o,l]=v(null),p=()=>{const u=r.current;u&&(i.current=u.scrollHeight-u.scrollTop),e.loadOlder(n).catch(f=>l(f instanceof k?f.message:String(f)))};T(()=>{e.open=n,p(),e.markRead(n);const u=()=>document.visibilityState==="visible"&&void e.markRead(n);return document.addEventListener("visibilitychange",u),()=>{document.removeEventListener("visibilitychange",u),e.open===n&&(e.open=null)}},[n]);const c=e.messagesIn(n),g=e.pendingIn(n);He(()=>{const u=r.current;u&&(i.current!==null?(u.scrollTop=u.scrollHeight-i.current,i.current=null):a.current&&(u.scrollTop=u.scrollHeight))},[c.length,g.length,c[c.length-1]?.revision]);const _=()=>{const u=r.current;u&&(a.current=u.scrollHeight-u.scrollTop-u.clientHeight<40,u.scrollTop<80&&e.hasOlder(n)&&p())};if(!t)return s("section",{class:"conversation",children:s("p",{class:"loading",children:"Opening…"})});const d=En(t,e.me);return s("section",{class:"conversation","aria-label":d,children:[s("header",{class:"conversation-head",children:[s("a",{href:"/chats",class:"back","aria-label":"Back to conversations",children:"←"}),s("h1",{children:d}),t.kind==="GROUP"&&s("span",{class:"members",children:t.members.map(u=>u.displayName).join(", ")})]}),o&&s("p",{class:"error",role:"alert",children:o}),s("div",{class:"messages",ref:r,onScroll:_,role:"log","aria-live":"polite",tabIndex:0,"aria-label":"Messages",children:s("ol",{class:"message-list",children:[e.hasOlder(n)?s("li",{class:"older",children:s("button",{type:"button",class:"quiet",onClick:p,children:"Load earlier messages"})}):s("li",{class:"older",children:"Start of the conversation"}),c.map(u=>s(es,{message:u,mine:u.sender?.id===e.me?.id},u.seq)),g.map(u=>s(ss,{pending:u},u.clientMessageId))]})}),s(as,{conversationId:n})]})}function os(){const n=de();return n.connection!=="reconnecting"?null:s("div",{class:"banner",role:"status",children:["Connection lost: reconnecting… Nothing you missed is lost.",s("button",{type:"button",class:"quiet",onClick:()=>n.reconnect(),children:"Reconnect now"})]})}function un({id:n}){const e=de(),[t,r]=v(null);return T(()=>{e.me||e.start().catch(a=>r(String(a.message??a)))},[]),t?s("p",{class:"error",role:"alert",children:t}):e.me?s("div",{class:n?"chats has-open":"chats",children:[s(os,{}),s(Zt,{openId:n}),n?s(is,{id:n},n):s("section",{class:"placeholder","aria-label":"No conversation open",children:s("p",{children:"Choose a conversation, or start one."})})]}):s("p",{class:"loading",children:"Loading your chats…"})}function ls(){return s("section",{class:"empty",children:[s("h1",{children:"Nothing here"}),s("p",{children:s("a",{href:"/chats",children:"Back to your chats"})})]})}A(`
  fragment VersionFields on AppVersion {
    slug
    version
    status
    revision
    scopes
    manifest
    submittedBy
    submittedAt
    decidedBy
    decidedAt
    reason
    commands {
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
    diff {
      against
      commandsAdded { name before after changes }
      commandsRemoved { name before after changes }
      commandsChanged { name before after changes }
      actionsAdded
      actionsRemoved
      actionsChanged
      scopesAdded
      scopesRemoved
    }
  }
`);A(`
  fragment UsageFields on AppUsageDay {
    day
    invocations
    people
    errors
    timeouts
    p95LatencyMs
  }
`);const P=14;function ds(n){const e=n?.actions;return Array.isArray(e)?e.filter(t=>typeof t?.name=="string").map(t=>({name:t.name,summary:typeof t.summary=="string"?t.summary:""})):[]}function re(n){return new Date(n).toLocaleString(void 0,{dateStyle:"medium",timeStyle:"short"})}function cs(n){const e=new Date(n),t=e.getFullYear()===new Date().getFullYear();return e.toLocaleString(void 0,{day:"numeric",month:"short",year:t?void 0:"numeric",hour:"2-digit",minute:"2-digit"})}const us={added:"Added",removed:"Removed",changed:"Changed"};function Re({mark:n}){return n?s("span",{class:`mark-badge ${n}`,children:us[n]}):null}const ps={commands:new Map,actions:new Map,scopes:new Map,changes:new Map};function Te({version:n,marks:e=ps}){const t=ds(n.manifest);return s("div",{class:"manifest",children:[s("h4",{children:"Commands"}),n.commands.length?s("ul",{class:"parts",children:n.commands.map(r=>{const a=e.commands.get(r.name);return s("li",{class:a,children:[s("p",{class:"usage-line",children:[s("code",{children:r.usage})," ",s(Re,{mark:a})]}),s("p",{class:"muted",children:r.summary}),a==="changed"&&s("ul",{class:"changes","aria-label":`What changed in ${r.name}`,children:(e.changes.get(r.name)??[]).map(i=>s("li",{children:i},i))}),r.params.length>0&&s("dl",{class:"param-list",children:r.params.map(i=>s("div",{children:[s("dt",{children:[s("code",{children:i.name})," ",s("span",{class:"muted",children:i.type}),!i.required&&s("span",{class:"muted",children:" (optional)"})]}),s("dd",{children:[i.help,i.accepts].filter(Boolean).join(" — ")})]},i.name))})]},r.name)})}):s("p",{class:"muted",children:"No commands."}),s("h4",{children:"Button actions"}),t.length?s("ul",{class:"parts compact",children:t.map(r=>{const a=e.actions.get(r.name);return s("li",{class:a,children:[s("code",{children:r.name})," ",s(Re,{mark:a}),r.summary&&s("span",{class:"muted",children:[" ",r.summary]})]},r.name)})}):s("p",{class:"muted",children:"No actions."}),s("h4",{children:"Scopes"}),n.scopes.length?s("ul",{class:"parts compact",children:n.scopes.map(r=>{const a=e.scopes.get(r);return s("li",{class:a,children:[s("code",{children:r})," ",s(Re,{mark:a})]},r)})}):s("p",{class:"muted",children:"Asks for no scopes."})]})}function J(n){return new Map(n)}function Pn(n){return[[n.commandsAdded.map(t=>t.name),"command added"],[n.commandsChanged.map(t=>t.name),"command changed"],[n.commandsRemoved.map(t=>t.name),"command removed"],[n.actionsAdded,"action added"],[n.actionsChanged,"action changed"],[n.actionsRemoved,"action removed"],[n.scopesAdded,"scope added"],[n.scopesRemoved,"scope removed"]].filter(([t])=>t.length).map(([t,r])=>{const[a,i]=r.split(" ");return`${t.length===1?`1 ${a}`:`${t.length} ${a}s`} ${i}: ${t.join(", ")}`})}function ms({pending:n,approved:e}){const{diff:t}=n,r=new Map(t.commandsChanged.map(l=>[l.name,l.changes])),a={commands:J([...t.commandsAdded.map(l=>[l.name,"added"]),...t.commandsChanged.map(l=>[l.name,"changed"])]),actions:J([...t.actionsAdded.map(l=>[l,"added"]),...t.actionsChanged.map(l=>[l,"changed"])]),scopes:J(t.scopesAdded.map(l=>[l,"added"])),changes:r},i={commands:J([...t.commandsRemoved.map(l=>[l.name,"removed"]),...t.commandsChanged.map(l=>[l.name,"changed"])]),actions:J([...t.actionsRemoved.map(l=>[l,"removed"]),...t.actionsChanged.map(l=>[l,"changed"])]),scopes:J(t.scopesRemoved.map(l=>[l,"removed"])),changes:r},o=Pn(t);return s("div",{class:"compare-wrap",children:[s("div",{class:"what-changed",children:[s("h4",{children:["What changed",t.against?` since ${t.against}`:""]}),t.against?o.length?s("ul",{children:o.map(l=>s("li",{children:l},l))}):s("p",{children:"Commands, actions and scopes are as approved."}):s("p",{children:"Nothing of this app was approved before: everything is new."})]}),s("div",{class:"compare",children:[s("section",{class:"side","aria-label":e?`Approved version ${e.version}`:"Nothing approved",children:[s("h3",{class:"side-title",children:e?`Approved ${e.version}`:"Nothing approved yet"}),e?s(Te,{version:e,marks:i}):s("p",{class:"muted",children:"—"})]}),s("section",{class:"side pending","aria-label":`Submitted version ${n.version}`,children:[s("h3",{class:"side-title",children:["Submitted ",n.version]}),s(Te,{version:n,marks:a})]})]})]})}function ce(n,e){const[t,r]=v(null),[a,i]=v(null),o=N(0),l=Xn(async()=>{const p=++o.current;try{const c=await n();if(p!==o.current)return;r(c),i(null)}catch(c){p===o.current&&i(c instanceof Error?c.message:String(c))}},e);return T(()=>{l()},[l]),{data:t,error:a,reload:l}}function z(n){return n instanceof Error?n.message:String(n)}const hs=[{href:"/admin/review",label:"Review"},{href:"/admin/apps",label:"Apps"},{href:"/admin/audit",label:"Audit log"}];function Ce(){const{path:n}=V();return s("nav",{class:"tabs","aria-label":"Admin",children:s("ul",{children:hs.map(e=>s("li",{children:s("a",{href:e.href,"aria-current":n.startsWith(e.href)?"page":void 0,children:e.label})},e.href))})})}const gs=A(`
  query ReviewQueue {
    reviewQueue {
      ...VersionFields
    }
    registeredApps {
      slug
      owner
      approvedVersion
      versions {
        ...VersionFields
      }
    }
  }
`),fs=A(`
  mutation ApproveVersion($slug: String!, $version: String!, $reason: String) {
    approveAppVersion(slug: $slug, version: $version, reason: $reason) {
      slug
      version
      status
    }
  }
`),_s=A(`
  mutation RejectVersion($slug: String!, $version: String!, $reason: String!) {
    rejectAppVersion(slug: $slug, version: $version, reason: $reason) {
      slug
      version
      status
    }
  }
`);function ys(){const n=ce(()=>M(gs),[]),[e,t]=v(null),r=a=>n.data?.registeredApps.find(o=>o.slug===a.slug)?.versions.find(o=>o.version===a.diff.against)??null;return s("section",{class:"console","aria-labelledby":"review-title",children:[s(Ce,{}),s("h1",{id:"review-title",tabIndex:-1,children:"Review queue"}),s("p",{role:"status",class:"ok",children:e}),n.error&&s("p",{class:"error",role:"alert",children:n.error}),n.data?n.data.reviewQueue.length===0?s("p",{class:"empty-note",children:"Nothing waits for review."}):s("ol",{class:"queue",children:n.data.reviewQueue.map(a=>s("li",{children:s(vs,{version:a,approved:r(a),onDecided:i=>{t(i),n.reload(),document.getElementById("review-title")?.focus()}})},`${a.slug} ${a.version}`))}):!n.error&&s("p",{class:"loading",children:"Loading the queue…"})]})}function vs({version:n,approved:e,onDecided:t}){const[r,a]=v(""),[i,o]=v(!1),[l,p]=v(null),c=`${n.slug}-${n.version}`.replace(/[^a-z0-9-]/gi,"-"),g=`${n.slug} ${n.version}`,_=async d=>{const u=r.trim();if(d==="reject"&&!u){p("Say why you reject it: the developer reads the reason."),document.getElementById(`reason-${c}`)?.focus();return}o(!0),p(null);try{const f={slug:n.slug,version:n.version};d==="approve"?await M(fs,{...f,reason:u||null}):await M(_s,{...f,reason:u}),t(`${g} ${d==="approve"?"approved":"rejected"}.`)}catch(f){p(z(f)),o(!1)}};return s("article",{class:"review-item","aria-labelledby":`title-${c}`,children:[s("header",{class:"item-head",children:[s("h2",{id:`title-${c}`,children:g}),s("p",{class:"muted",children:["Submitted by ",n.submittedBy," on ",re(n.submittedAt),n.revision>1&&` · revision ${n.revision} (the installed code changed)`]})]}),s(ms,{pending:n,approved:e}),s("form",{class:"decision",onSubmit:d=>{d.preventDefault(),_("approve")},children:[s("label",{for:`reason-${c}`,children:["Reason ",s("span",{class:"hint",children:"(required to reject; the developer sees it)"})]}),s("textarea",{id:`reason-${c}`,rows:2,value:r,onInput:d=>a(d.currentTarget.value),"aria-invalid":l?!0:void 0,"aria-describedby":l?`error-${c}`:void 0}),l&&s("p",{class:"error",role:"alert",id:`error-${c}`,children:l}),s("div",{class:"actions",children:[s("button",{type:"submit",disabled:i,children:["Approve",s("span",{class:"visually-hidden",children:[" ",g]})]}),s("button",{type:"button",class:"danger",disabled:i,onClick:()=>{_("reject")},children:["Reject",s("span",{class:"visually-hidden",children:[" ",g]})]})]})]})]})}const ge=320,fe=150,Y=36,qe=6,xe=10,bs=22;function $s(n){if(n<=0)return 1;const e=10**Math.floor(Math.log10(n));for(const t of[1,2,5,10])if(n<=t*e)return t*e;return 10*e}function Ln(n,e,t,r){const a=e.filter(p=>p.value!==null),i=e.length?`${e[0].label} to ${e[e.length-1].label}`:"no days";if(!a.length)return`${n}, ${i}: nothing recorded.`;const o=a.reduce((p,c)=>c.value>p.value?c:p);if(r==="bars"){const p=a.reduce((c,g)=>c+g.value,0);return p===0?`${n}, ${i}: none.`:`${n}, ${i}: ${t(p)} in all, most on ${o.label} (${t(o.value)}).`}const l=a[a.length-1];return`${n}, ${i}: highest ${t(o.value)} on ${o.label}, latest ${t(l.value)} on ${l.label}.`}function X({title:n,points:e,format:t,kind:r="bars",tone:a="accent"}){const i=$s(Math.max(0,...e.map(u=>u.value??0))),o=ge-Y-qe,l=fe-xe-bs,p=o/Math.max(e.length,1),c=u=>xe+l-u/i*l,g=u=>Y+p*u+p/2,_=Ln(n,e,t,r),d=e.map((u,f)=>u.value===null?null:`${g(f).toFixed(1)},${c(u.value).toFixed(1)}`).filter(u=>u!==null);return s("figure",{class:`chart tone-${a}`,children:[s("figcaption",{children:n}),s("svg",{viewBox:`0 0 ${ge} ${fe}`,role:"img","aria-label":_,children:[(Number.isInteger(i/2)||r==="line"?[0,i/2,i]:[0,i]).map(u=>s("g",{class:"grid",children:[s("line",{x1:Y,x2:ge-qe,y1:c(u),y2:c(u)}),s("text",{x:Y-4,y:c(u)+4,"text-anchor":"end",children:Number.isInteger(u)?u:u.toFixed(1)})]},u)),r==="bars"?e.map((u,f)=>u.value?s("rect",{class:"mark",x:g(f)-p*.35,width:p*.7,y:c(u.value),height:xe+l-c(u.value),children:s("title",{children:`${u.label}: ${t(u.value)}`})},u.label):null):[s("polyline",{class:"line",points:d.join(" ")},"line"),...e.map((u,f)=>u.value===null?null:s("circle",{class:"mark",cx:g(f),cy:c(u.value),r:3,children:s("title",{children:`${u.label}: ${t(u.value)}`})},u.label))],e.length>0&&s("g",{class:"axis",children:[s("text",{x:Y,y:fe-6,"text-anchor":"start",children:e[0].label}),s("text",{x:ge-qe,y:fe-6,"text-anchor":"end",children:e[e.length-1].label})]})]}),s("details",{children:[s("summary",{children:["Numbers",s("span",{class:"visually-hidden",children:[" for ",n]})]}),s("table",{children:[s("caption",{class:"visually-hidden",children:n}),s("thead",{children:s("tr",{children:[s("th",{scope:"col",children:"Day"}),s("th",{scope:"col",children:n})]})}),s("tbody",{children:e.map(u=>s("tr",{children:[s("th",{scope:"row",children:u.label}),s("td",{children:u.value===null?"—":t(u.value)})]},u.label))})]})]})]})}function Ss({title:n,points:e,format:t}){const i=Math.max(1,...e.map(l=>l.value??0)),o=84/Math.max(e.length,1);return s("svg",{class:"sparkline",viewBox:"0 0 84 22",role:"img","aria-label":Ln(n,e,t,"bars"),children:[s("line",{class:"base",x1:0,x2:84,y1:22-.5,y2:22-.5}),e.map((l,p)=>l.value?s("rect",{class:"mark",x:o*p+o*.15,width:o*.7,y:21-l.value/i*20,height:l.value/i*20},l.label):null)]})}function Tn(n){return new Date(`${String(n)}T00:00:00Z`).toLocaleDateString(void 0,{day:"numeric",month:"short",timeZone:"UTC"})}const ee=(n,e=`${n}s`)=>t=>`${t} ${t===1?n:e}`,ws=864e5;function On(n,e,t=new Date){const r=new Map(n.map(l=>[String(l.day),l])),i=[t.toISOString().slice(0,10),...r.keys()].sort().at(-1),o=Date.parse(`${i}T00:00:00Z`);return Array.from({length:e},(l,p)=>{const c=new Date(o-(e-1-p)*ws).toISOString().slice(0,10);return r.get(c)??{day:c,invocations:0,people:0,errors:0,timeouts:0,p95LatencyMs:null}})}function Un({days:n,count:e}){const t=On(n,e),r=a=>t.map(i=>({label:Tn(i.day),value:a(i)??null}));return s("div",{class:"charts",children:[s(X,{title:"Calls per day",points:r(a=>a.invocations),format:ee("call")}),s(X,{title:"People per day",points:r(a=>a.people),format:ee("person","people")}),s(X,{title:"Errors per day",points:r(a=>a.errors),format:ee("error"),tone:"danger"}),s(X,{title:"Timeouts per day",points:r(a=>a.timeouts),format:ee("timeout"),tone:"warn"}),s(X,{title:"p95 latency",kind:"line",points:r(a=>a.p95LatencyMs),format:a=>`${Math.round(a)} ms`})]})}function As(n){return n.reduce((e,t)=>({calls:e.calls+t.invocations,errors:e.errors+t.errors,timeouts:e.timeouts+t.timeouts}),{calls:0,errors:0,timeouts:0})}const Cs=A(`
  query AdminApps($days: Int!) {
    registeredApps {
      slug
      owner
      approvedVersion
      suspension {
        reason
      }
      usage(days: $days) {
        ...UsageFields
      }
    }
    installedApps {
      slug
      name
      status
    }
  }
`),Is=A(`
  query AdminApp($slug: String!, $days: Int!) {
    registeredApp(slug: $slug) {
      slug
      owner
      createdAt
      approvedVersion
      suspension {
        reason
        by
        since
      }
      messaging {
        quality
        delivered
        reported
        dailyCap
        promotionsPaused
      }
      usage(days: $days) {
        ...UsageFields
      }
    }
    installedApps {
      slug
      name
      status
      installedVersion
      reason
    }
  }
`),Ms=A(`
  mutation SuspendApp($slug: String!, $reason: String!) {
    suspendApp(slug: $slug, reason: $reason) {
      slug
    }
  }
`),Ds=A(`
  mutation UnsuspendApp($slug: String!, $reason: String!) {
    unsuspendApp(slug: $slug, reason: $reason) {
      slug
    }
  }
`),Vn={SERVING:"Serving",CODE_CHANGED:"Code changed",AWAITING_REVIEW:"Awaiting review",SUSPENDED:"Suspended",UNREGISTERED:"Unregistered"},Rs={HIGH:"High",MEDIUM:"Medium",LOW:"Low"};function qs(){const n=ce(()=>M(Cs,{days:P}),[]),e=new Map(n.data?.installedApps.map(t=>[t.slug,t])??[]);return s("section",{class:"console","aria-labelledby":"apps-title",children:[s(Ce,{}),s("h1",{id:"apps-title",children:"Apps and health"}),s("p",{class:"muted",children:["How each registered app is served, and its calls, errors and timeouts over the last ",P," days. Open an app for its charts and to suspend it."]}),n.error&&s("p",{class:"error",role:"alert",children:n.error}),n.data?n.data.registeredApps.length===0?s("p",{class:"empty-note",children:"No app is registered yet."}):s("div",{class:"table-scroll",children:s("table",{class:"apps-table",children:[s("caption",{class:"visually-hidden",children:["Registered apps, last ",P," days"]}),s("thead",{children:s("tr",{children:[s("th",{scope:"col",children:"App"}),s("th",{scope:"col",children:"Owner"}),s("th",{scope:"col",children:"Served"}),s("th",{scope:"col",children:"Approved"}),s("th",{scope:"col",children:"Calls per day"}),s("th",{scope:"col",class:"num",children:"Calls"}),s("th",{scope:"col",class:"num",children:"Errors"}),s("th",{scope:"col",class:"num",children:"Timeouts"})]})}),s("tbody",{children:n.data.registeredApps.map(t=>{const r=As(t.usage),a=e.get(t.slug);return s("tr",{class:t.suspension?"suspended":void 0,children:[s("th",{scope:"row",children:[s("a",{href:`/admin/apps/${t.slug}`,children:a?.name??t.slug})," ",s("span",{class:"muted",children:["/",t.slug]})]}),s("td",{children:t.owner}),s("td",{children:t.suspension?s("span",{class:"status status-rejected",children:"Suspended"}):a?s("span",{class:`status serving-${a.status.toLowerCase()}`,children:Vn[a.status]}):s("span",{class:"muted",children:"Not installed"})}),s("td",{children:t.approvedVersion??s("span",{class:"muted",children:"none"})}),s("td",{children:s(Ss,{title:`${t.slug} calls per day`,points:On(t.usage,P).map(i=>({label:Tn(i.day),value:i.invocations})),format:ee("call")})}),s("td",{class:"num",children:r.calls}),s("td",{class:"num",children:r.errors}),s("td",{class:"num",children:r.timeouts})]},t.slug)})})]})}):!n.error&&s("p",{class:"loading",children:"Loading the apps…"})]})}function xs({slug:n}){const e=ce(()=>M(Is,{slug:n,days:P}),[n]),t=e.data?.registeredApp,r=e.data?.installedApps.find(a=>a.slug===n);return s("section",{class:"console","aria-labelledby":"app-title",children:[s(Ce,{}),s("p",{class:"crumbs",children:s("a",{href:"/admin/apps",children:"All apps"})}),s("h1",{id:"app-title",children:r?.name??n}),e.error&&s("p",{class:"error",role:"alert",children:e.error}),t&&s(L,{children:[s("dl",{class:"facts",children:[s("div",{children:[s("dt",{children:"Slug"}),s("dd",{children:s("code",{children:["/",t.slug]})})]}),s("div",{children:[s("dt",{children:"Owner"}),s("dd",{children:t.owner})]}),s("div",{children:[s("dt",{children:"Approved"}),s("dd",{children:t.approvedVersion??"none"})]}),s("div",{children:[s("dt",{children:"Served"}),s("dd",{children:r?`${Vn[r.status]} (installed ${r.installedVersion})`:"Not installed here"})]}),s("div",{children:[s("dt",{children:"Messaging"}),s("dd",{children:[Rs[t.messaging.quality]," quality · ",t.messaging.delivered," business messages delivered, ",t.messaging.reported," reported as spam (7 days) · may message up to"," ",t.messaging.dailyCap.toLocaleString()," people a day",t.messaging.promotionsPaused&&" · promotions paused"]})]})]}),s(Ns,{slug:t.slug,suspension:t.suspension??null,onChanged:e.reload},t.slug),s("h2",{children:["Health, last ",P," days ",s("span",{class:"muted",children:"(UTC days)"})]}),s(Un,{days:t.usage,count:P})]})]})}function Ns({slug:n,suspension:e,onChanged:t}){const[r,a]=v(""),[i,o]=v(!1),[l,p]=v(null),[c,g]=v(null),_=e?"Unsuspend":"Suspend";return s("form",{class:e?"suspend is-suspended":"suspend",onSubmit:async u=>{u.preventDefault();const f=r.trim();if(!f){p(`Say why you ${_.toLowerCase()} it: the audit log keeps the reason.`),document.getElementById("suspend-reason")?.focus();return}o(!0),p(null);try{const b={slug:n,reason:f};await M(e?Ds:Ms,b),a(""),g(e?`${n} is served again.`:`${n} is suspended from its next call.`),await t()}catch(b){p(z(b))}finally{o(!1)}},"aria-labelledby":"suspend-title",children:[s("h2",{id:"suspend-title",children:e?"Suspended":"Serving"}),e?s("p",{children:["Suspended by ",e.by," on ",re(e.since),": “",e.reason,"”. People's commands to it are refused."]}):s("p",{class:"muted",children:"Suspending stops the app from its next call: people's commands are refused until you unsuspend it."}),s("label",{for:"suspend-reason",children:"Reason"}),s("textarea",{id:"suspend-reason",rows:2,value:r,onInput:u=>a(u.currentTarget.value),"aria-invalid":l?!0:void 0,"aria-describedby":l?"suspend-error":void 0}),l&&s("p",{class:"error",role:"alert",id:"suspend-error",children:l}),s("p",{role:"status",class:"ok",children:c}),s("button",{type:"submit",class:e?void 0:"danger",disabled:i,children:[_," ",n]})]})}const ks=A(`
  query AuditLog($first: Int, $after: String, $action: AuditAction, $app: String, $actor: String, $subject: String) {
    auditLog(first: $first, after: $after, action: $action, app: $app, actor: $actor, subject: $subject) {
      nodes {
        id
        at
        actor
        action
        app
        version
        subject
        reason
        detail
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`),Es=20,pn={VERSION_APPROVED:"Version approved",VERSION_REJECTED:"Version rejected",APP_SUSPENDED:"App suspended",APP_UNSUSPENDED:"App unsuspended",ROLE_CHANGED:"Role changed",TOP_UP:"Top-up",DATA_EXPORTED:"Data exported",ACCOUNT_DELETED:"Account deleted"},Ne=["action","app","actor","subject"];function Fs(n){return{action:n.action??"",app:n.app??"",actor:n.actor??"",subject:n.subject??""}}function Ps(){const{query:n,route:e}=V(),t=Fs(n),r=Ne.map(m=>t[m]).join("\0"),[a,i]=v(t),[o,l]=v(null),[p,c]=v(null),[g,_]=v(!1),[d,u]=v(null),f=async m=>{_(!0),u(null);try{const D=(await M(ks,{first:Es,after:m,action:t.action||null,app:t.app||null,actor:t.actor||null,subject:t.subject||null})).auditLog;l(q=>m&&q?[...q,...D.nodes]:D.nodes),c(D.pageInfo.hasNextPage?D.pageInfo.endCursor??null:null)}catch($){u(z($))}finally{_(!1)}};T(()=>{i(t),l(null),f(null)},[r]);const b=m=>{m.preventDefault();const $=new URLSearchParams;for(const q of Ne)a[q].trim()&&$.set(q,a[q].trim());const D=$.toString();e(D?`/admin/audit?${D}`:"/admin/audit")},h=m=>({value:a[m],onInput:$=>i({...a,[m]:$.currentTarget.value})}),y=Ne.some(m=>t[m]);return s("section",{class:"console","aria-labelledby":"audit-title",children:[s(Ce,{}),s("h1",{id:"audit-title",children:"Audit log"}),s("form",{class:"filters",onSubmit:b,role:"search","aria-label":"Filter the audit log",children:[s("div",{children:[s("label",{for:"audit-action",children:"Action"}),s("select",{id:"audit-action",...h("action"),children:[s("option",{value:"",children:"Any action"}),Object.entries(pn).map(([m,$])=>s("option",{value:m,children:$},m))]})]}),["app","actor","subject"].map(m=>s("div",{children:[s("label",{for:`audit-${m}`,children:m[0].toUpperCase()+m.slice(1)}),s("input",{id:`audit-${m}`,...h(m),placeholder:m==="app"?"slug":"username",autocomplete:"off"})]},m)),s("div",{class:"filter-buttons",children:[s("button",{type:"submit",children:"Filter"}),y&&s("button",{type:"button",class:"quiet",onClick:()=>e("/admin/audit"),children:"Clear"})]})]}),d&&s("p",{class:"error",role:"alert",children:d}),o===null?!d&&s("p",{class:"loading",children:"Loading the audit log…"}):o.length===0?s("p",{class:"empty-note",children:y?"No entry matches these filters.":"Nothing recorded yet."}):s(L,{children:[s("div",{class:"table-scroll",children:s("table",{class:"audit-table",children:[s("caption",{class:"visually-hidden",children:["Audit entries, newest first",y?" (filtered)":""]}),s("thead",{children:s("tr",{children:[s("th",{scope:"col",children:"When"}),s("th",{scope:"col",children:"Action"}),s("th",{scope:"col",children:"App"}),s("th",{scope:"col",children:"Reason"}),s("th",{scope:"col",children:"Subject"}),s("th",{scope:"col",children:"Actor"})]})}),s("tbody",{children:o.map(m=>s("tr",{children:[s("td",{class:"nowrap",children:s("time",{dateTime:m.at,children:cs(m.at)})}),s("td",{children:s("span",{class:`action action-${m.action.toLowerCase()}`,children:pn[m.action]})}),s("td",{children:[m.app??"",m.version&&s("span",{class:"muted",children:[" ",m.version]})]}),s("td",{class:"reason",children:[m.reason??"",s(Ls,{detail:m.detail})]}),s("td",{children:m.subject??""}),s("td",{children:m.actor})]},m.id))})]})}),s("p",{class:"paging",children:[s("span",{class:"muted",children:[o.length," ",o.length===1?"entry":"entries"," shown"]}),p&&s("button",{type:"button",class:"quiet",disabled:g,onClick:()=>{f(p)},children:"Show older entries"})]})]})]})}function Ls({detail:n}){if(!n||typeof n!="object")return null;const e=Object.entries(n).filter(([,t])=>t!=null);return e.length?s("details",{class:"detail",children:[s("summary",{children:"Detail"}),s("dl",{children:e.map(([t,r])=>s("div",{children:[s("dt",{children:t.replace(/_/g," ")}),s("dd",{children:s("code",{children:typeof r=="string"?r:JSON.stringify(r)})})]},t))})]}):null}const Ts={PENDING:"Pending review",APPROVED:"Approved",REJECTED:"Rejected"};function jn({status:n}){return s("span",{class:`status status-${n.toLowerCase()}`,children:Ts[n]})}const Os=A(`
  query MyApps {
    myApps {
      slug
      approvedVersion
      suspension {
        reason
      }
      versions {
        version
        status
      }
    }
  }
`),Us=A(`
  mutation RegisterApp($slug: String!) {
    registerApp(slug: $slug) {
      slug
    }
  }
`);function Vs(){const n=ce(()=>M(Os),[]);return s("section",{class:"console","aria-labelledby":"dev-title",children:[s("h1",{id:"dev-title",children:"My apps"}),n.error&&s("p",{class:"error",role:"alert",children:n.error}),n.data?n.data.myApps.length===0?s("p",{class:"empty-note",children:"You have no app yet: claim a slug below, then submit its manifest."}):s("ul",{class:"app-cards",children:n.data.myApps.map(e=>{const t=e.versions[0];return s("li",{children:s("a",{class:"app-card",href:`/dev/apps/${e.slug}`,children:[s("span",{class:"slug",children:["/",e.slug]}),s("span",{class:"muted",children:e.approvedVersion?`Approved ${e.approvedVersion}`:"Nothing approved yet"}),t?s("span",{children:["Newest ",t.version," ",s(jn,{status:t.status})]}):s("span",{class:"muted",children:"No version submitted"}),e.suspension&&s("span",{class:"status status-rejected",children:"Suspended"})]})},e.slug)})}):!n.error&&s("p",{class:"loading",children:"Loading your apps…"}),s(js,{})]})}function js(){const{route:n}=V(),[e,t]=v(""),[r,a]=v(!1),[i,o]=v(null);return s("form",{class:"panel-form",onSubmit:async p=>{p.preventDefault(),a(!0),o(null);try{const c=await M(Us,{slug:e.trim()});n(`/dev/apps/${c.registerApp.slug}`)}catch(c){o(z(c)),a(!1)}},"aria-labelledby":"register-title",children:[s("h2",{id:"register-title",children:"Register a new app"}),s("label",{for:"new-slug",children:["Slug ",s("span",{class:"hint",children:"what people type: /slug command"})]}),s("div",{class:"inline",children:[s("input",{id:"new-slug",value:e,required:!0,autocomplete:"off",spellcheck:!1,onInput:p=>t(p.currentTarget.value),"aria-invalid":i?!0:void 0,"aria-describedby":i?"register-error":void 0}),s("button",{type:"submit",disabled:r||!e.trim(),children:"Register"})]}),i&&s("p",{class:"error",role:"alert",id:"register-error",children:i})]})}const Bs=A(`
  query MyApp($slug: String!, $days: Int!) {
    registeredApp(slug: $slug) {
      slug
      owner
      approvedVersion
      suspension {
        reason
        since
      }
      versions {
        ...VersionFields
      }
      usage(days: $days) {
        ...UsageFields
      }
    }
  }
`),Hs=A(`
  mutation SubmitVersion($slug: String!, $manifest: JSON!) {
    submitAppVersion(slug: $slug, manifest: $manifest) {
      version
      status
    }
  }
`);function Ws({slug:n}){const e=ce(()=>M(Bs,{slug:n,days:P}),[n]),t=e.data?.registeredApp;return s("section",{class:"console","aria-labelledby":"dev-app-title",children:[s("p",{class:"crumbs",children:s("a",{href:"/dev/apps",children:"My apps"})}),s("h1",{id:"dev-app-title",children:["/",n]}),e.error&&s("p",{class:"error",role:"alert",children:e.error}),t&&s(L,{children:[t.suspension&&s("p",{class:"notice",role:"note",children:["Suspended by an admin on ",re(t.suspension.since),": “",t.suspension.reason,"”. People's commands are refused until it is unsuspended."]}),s("h2",{children:"Versions"}),t.versions.length?s("ol",{class:"versions",children:t.versions.map(r=>s(Gs,{version:r},r.version))}):s("p",{class:"empty-note",children:"No version submitted yet."}),s(Js,{slug:n,newest:t.versions[0]??null,onSubmitted:e.reload},n),s("h2",{children:["Use, last ",P," days ",s("span",{class:"muted",children:"(UTC days)"})]}),s(Un,{days:t.usage,count:P})]})]})}function Gs({version:n}){const e=Pn(n.diff);return s("li",{class:`version status-row-${n.status.toLowerCase()}`,children:[s("h3",{children:[n.version," ",s(jn,{status:n.status}),n.revision>1&&s("span",{class:"muted",children:[" revision ",n.revision]})]}),s("p",{class:"muted",children:["Submitted by ",n.submittedBy," on ",re(n.submittedAt),n.decidedBy&&n.decidedAt&&` · decided by ${n.decidedBy} on ${re(n.decidedAt)}`]}),n.reason&&s("p",{class:"verdict",children:[s("span",{class:"label",children:"Reason:"})," ",n.reason]}),n.diff.against&&e.length>0&&s("details",{children:[s("summary",{children:["What changed since ",n.diff.against]}),s("ul",{children:e.map(t=>s("li",{children:t},t))})]}),s("details",{children:[s("summary",{children:["Commands, actions and scopes",s("span",{class:"visually-hidden",children:[" of ",n.version]})]}),s(Te,{version:n})]})]})}function Js({slug:n,newest:e,onSubmitted:t}){const[r,a]=v(""),[i,o]=v(!1),[l,p]=v(null),[c,g]=v([]),[_,d]=v(null);return s("form",{class:"panel-form",onSubmit:async f=>{f.preventDefault(),p(null),g([]),d(null);let b;try{b=JSON.parse(r)}catch(h){p(`This is not JSON: ${z(h)}`);return}o(!0);try{const y=(await M(Hs,{slug:n,manifest:b})).submitAppVersion;a(""),d(`Submitted ${y.version}: it waits for an admin's review.`),await t()}catch(h){p(z(h));const y=h instanceof k?h.extensions.problems:void 0;g(Array.isArray(y)?y.map(String):[])}finally{o(!1)}},"aria-labelledby":"submit-title",children:[s("h2",{id:"submit-title",children:"Submit a version"}),s("label",{for:"manifest",children:["Manifest (JSON) ",s("span",{class:"hint",children:["what ",s("code",{children:"souq-sdk check"})," prints"]})]}),s("textarea",{id:"manifest",class:"code",rows:10,spellcheck:!1,value:r,onInput:f=>a(f.currentTarget.value),"aria-invalid":l?!0:void 0,"aria-describedby":l?"manifest-error":void 0}),l&&s("div",{class:"error",role:"alert",id:"manifest-error",children:c.length>0?s(L,{children:[s("p",{children:"The manifest is not valid:"}),s("ul",{children:c.map(f=>s("li",{children:f},f))})]}):s("p",{children:l})}),s("p",{role:"status",class:"ok",children:_}),s("div",{class:"actions",children:[s("button",{type:"submit",disabled:i||!r.trim(),children:"Submit for review"}),e&&!r.trim()&&s("button",{type:"button",class:"quiet",onClick:()=>{a(JSON.stringify(e.manifest,null,2)),document.getElementById("manifest")?.focus()},children:["Start from ",e.version,"'s manifest"]})]})]})}const Qs=[{href:"/chats",label:"Chats"},{href:"/dev/apps",label:"My apps",roles:["DEVELOPER","ADMIN"]},{href:"/admin/review",label:"Admin",roles:["ADMIN"],prefix:"/admin"}];function Ks({session:n,onSignOut:e}){const{path:t}=V();return s("header",{class:"topbar",children:[s("a",{class:"skip",href:"#main",children:"Skip to content"}),s("span",{class:"brand",children:"souq"}),s("nav",{"aria-label":"Sections",children:s("ul",{children:Qs.filter(r=>!r.roles||r.roles.includes(n.role)).map(r=>s("li",{children:s("a",{href:r.href,"aria-current":t.startsWith(r.prefix??r.href)?"page":void 0,children:r.label})},r.href))})}),s("span",{class:"who",children:n.username}),s("button",{type:"button",class:"quiet",onClick:e,children:"Sign out"})]})}function zs(){const[n,e]=v(void 0),[t,r]=v(null),a=()=>{K.stop(),ut(),e(null)};T(()=>(at().then(e,o=>r(String(o.message??o))),window.addEventListener(Le,a),()=>window.removeEventListener(Le,a)),[]);const i=async()=>{await ot(),a()};return t?s("p",{class:"fatal",role:"alert",children:t}):n===void 0?s("p",{class:"loading",children:"Loading…"}):s(le,{children:n===null?s(Xt,{onSignedIn:e}):s(Ys,{session:n,onSignOut:i})})}function Ys({session:n,onSignOut:e}){const{path:t,route:r}=V();return T(()=>{(t==="/"||t==="/signin")&&r("/chats",!0)},[t]),s("div",{class:"shell",children:[s(Ks,{session:n,onSignOut:e}),s("main",{id:"main",class:"page",children:s(xn,{children:[s(E,{path:"/chats",component:un}),s(E,{path:"/chats/:id",component:un}),s(E,{path:"/admin",component:mn,to:"/admin/review"}),s(E,{path:"/admin/review",component:ys}),s(E,{path:"/admin/apps",component:qs}),s(E,{path:"/admin/apps/:slug",component:xs}),s(E,{path:"/admin/audit",component:Ps}),s(E,{path:"/dev",component:mn,to:"/dev/apps"}),s(E,{path:"/dev/apps",component:Vs}),s(E,{path:"/dev/apps/:slug",component:Ws}),s(E,{default:!0,component:ls})]})})]})}function mn({to:n}){const{route:e}=V();return T(()=>e(n,!0),[n]),null}zn(s(zs,{}),document.getElementById("app"));
